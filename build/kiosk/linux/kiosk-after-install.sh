# The kiosk half of the .deb's after-install. scripts/deb-scripts.mjs appends it to
# electron-builder's own after-install (the /usr/bin link through update-alternatives, the
# chrome-sandbox mode, desktop and AppArmor registration), and electron-builder fills in the
# macros: the app lives in /opt/<sanitized product name>/. Shell variables are written without
# braces so they stay as they are. Any failure here fails the install: a kiosk without its unit or
# device rules must not look installed.
set -e
APP_DIR='/opt/${sanitizedProductName}'
KIOSK="$APP_DIR/resources/kiosk"
getent group catd >/dev/null || groupadd --system catd
getent passwd catd >/dev/null || useradd --system --create-home --gid catd --groups dialout,scanner,video,input --shell /usr/sbin/nologin catd
install -D -m 0644 "$KIOSK/99-catd-devices.rules" /etc/udev/rules.d/99-catd-devices.rules
install -D -m 0644 "$KIOSK/catd-kiosk.service" /etc/systemd/system/catd-kiosk.service
# No console to switch to: logind starts no getty on other VTs and reserves none, and the
# gettys of tty2..tty6 are masked (the kiosk unit replaces tty1's). cage runs without -s.
install -D -m 0644 "$KIOSK/logind-catd-kiosk.conf" /etc/systemd/logind.conf.d/catd-kiosk.conf
for n in 2 3 4 5 6; do
  systemctl mask "getty@tty$n.service" "autovt@tty$n.service"
done
# Updates without pkexec (the kiosk has no polkit agent): the kiosk drops a verified release in
# the spool, which only root and group catd may write; the path unit starts the root installer.
install -d -o root -g root -m 0755 /var/lib/catd-update
install -d -o root -g catd -m 0770 /var/lib/catd-update/incoming
install -D -m 0644 "$KIOSK/catd-update.path" /etc/systemd/system/catd-update.path
install -D -m 0644 "$KIOSK/catd-update.service" /etc/systemd/system/catd-update.service
systemctl enable catd-update.path
# A UPS about to cut the load powers the station off (electron/power/power-off.ts): the kiosk
# user may ask logind to power off, and nothing else, by this polkit rule (polkitd reads the
# folder by itself).
install -D -m 0644 "$KIOSK/50-catd-poweroff.rules" /etc/polkit-1/rules.d/50-catd-poweroff.rules
# Only these may find no running daemon (an image being built in a chroot, a container).
udevadm control --reload-rules 2>/dev/null || true
systemctl daemon-reload 2>/dev/null || true
systemctl start catd-update.path 2>/dev/null || true
