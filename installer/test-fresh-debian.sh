#!/usr/bin/env bash
# Checks the .deb on a fresh machine: builds a minimal Debian 12 with debootstrap, installs the
# package there with apt-get (which must pull every library the application needs), prints the
# launcher's version and opens the GUI under Xvfb, saving a screenshot.
#
#   sudo installer/test-fresh-debian.sh target/installer/placement-explorer_0.1.0_amd64.deb [SHOT.png]
#
# Needs root, debootstrap, and ImageMagick's convert for the screenshot. Takes several minutes
# (the base system is downloaded once into target/fresh-debian and reused).
set -euo pipefail
deb="$(realpath "$1")"
shot="${2:-target/fresh-debian-gui.png}"
root="$(realpath "$(dirname "$0")/..")/target/fresh-debian"
if [ ! -x "$root/bin/bash" ]; then
    rm -rf "$root"
    debootstrap --variant=minbase bookworm "$root" > "$root.log" 2>&1   # debootstrap's default mirror
fi
cp "$deb" "$root/tmp/pe.deb"
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
mountpoint -q "$root/dev" || mount --bind /dev "$root/dev"
trap 'umount "$root/dev" "$root/proc" 2>/dev/null || true' EXIT
cat > "$root/tmp/inside.sh" <<'IN'
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -q > /tmp/apt-update.log 2>&1
if apt-get install -y -q /tmp/pe.deb > /tmp/pe-install.log 2>&1; then
    echo "apt-get install: OK"
else
    echo "apt-get install: FAILED"; tail -20 /tmp/pe-install.log; exit 1
fi
/opt/placement-explorer/bin/placement-explorer --version
apt-get install -y -q xvfb xauth x11-apps > /tmp/xvfb-install.log 2>&1
rm -f /tmp/shot.xwd
xvfb-run -n 91 -s "-screen 0 1400x900x24" sh -c \
    '/opt/placement-explorer/bin/placement-explorer > /tmp/gui.log 2>&1 & sleep 20; xwd -root -silent > /tmp/shot.xwd'
test -s /tmp/shot.xwd && echo "GUI screenshot taken"
IN
chroot "$root" /bin/bash /tmp/inside.sh
convert "xwd:$root/tmp/shot.xwd" "$shot"
echo "Screenshot: $shot"
