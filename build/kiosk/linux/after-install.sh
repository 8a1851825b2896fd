#!/bin/sh
# Runs after the .deb installs: the dedicated kiosk user, device rules, and the kiosk unit.
set -e
getent group catd >/dev/null || groupadd --system catd
getent passwd catd >/dev/null || useradd --system --create-home --gid catd --groups dialout,scanner,video,input --shell /usr/sbin/nologin catd
install -m 0644 /opt/catd-workstation/resources/kiosk/99-catd-devices.rules /etc/udev/rules.d/99-catd-devices.rules 2>/dev/null || true
install -m 0644 /opt/catd-workstation/resources/kiosk/catd-kiosk.service /etc/systemd/system/catd-kiosk.service 2>/dev/null || true
udevadm control --reload-rules 2>/dev/null || true
systemctl daemon-reload 2>/dev/null || true
