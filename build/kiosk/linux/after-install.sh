#!/bin/sh
# Runs after the .deb installs: the dedicated kiosk user, device rules, the kiosk unit, and no
# other console to switch to. electron-builder fills in the two macros below (it installs the app
# in /opt/<product name>/); shell variables are written without braces so they stay as they are.
set -e
APP_DIR='/opt/${sanitizedProductName}'
KIOSK="$APP_DIR/resources/kiosk"
# The unit starts the app by this link, whatever the product's folder is called.
ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'
# Chromium's sandbox needs the setuid helper where user namespaces are off (as electron-builder's default script).
if ! unshare --user true 2>/dev/null; then chmod 4755 "$APP_DIR/chrome-sandbox" || true; fi
getent group catd >/dev/null || groupadd --system catd
getent passwd catd >/dev/null || useradd --system --create-home --gid catd --groups dialout,scanner,video,input --shell /usr/sbin/nologin catd
install -m 0644 "$KIOSK/99-catd-devices.rules" /etc/udev/rules.d/99-catd-devices.rules 2>/dev/null || true
install -m 0644 "$KIOSK/catd-kiosk.service" /etc/systemd/system/catd-kiosk.service 2>/dev/null || true
# No console to switch to: logind starts no getty on other VTs and reserves none, and the
# gettys of tty2..tty6 are masked (the kiosk unit replaces tty1's). cage runs without -s.
install -d /etc/systemd/logind.conf.d
install -m 0644 "$KIOSK/logind-catd-kiosk.conf" /etc/systemd/logind.conf.d/catd-kiosk.conf 2>/dev/null || true
for n in 2 3 4 5 6; do
  systemctl mask "getty@tty$n.service" "autovt@tty$n.service" 2>/dev/null || true
done
udevadm control --reload-rules 2>/dev/null || true
systemctl daemon-reload 2>/dev/null || true
