#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package, installs it with apt (resolving its dependencies), checks that the
# CLI and the GUI start from the installed files, validates the desktop entry and the AppStream
# metadata, removes the package and checks that none of its files are left.
#
#   TS_TEST_DEB=1 scripts/test-deb.sh [BUILD_DIR]      (as root: it installs into the system)
#
# Exit status: 0 passed, 1 failed, 77 skipped (TS_TEST_DEB unset, not root, no apt).
set -euo pipefail

build_dir=$(cd "${1:-build}" && pwd)
if [ "${TS_TEST_DEB:-}" != 1 ]; then
  echo "skipped: this test installs and removes a system package; set TS_TEST_DEB=1 to run it"
  exit 77
fi
if [ "$(id -u)" != 0 ]; then
  echo "skipped: installing the package needs root"
  exit 77
fi
if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
  echo "skipped: needs apt-get and dpkg-deb (Debian or Ubuntu)"
  exit 77
fi

work=$(mktemp -d)
package_name=tuning-studio
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then apt-get remove -y --purge "$package_name" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

if dpkg -s "$package_name" >/dev/null 2>&1; then
  fail "$package_name is already installed; remove it first so the test can check the removal"
fi

step "building the package in $build_dir"
cmake --build "$build_dir" --target tuning-studio tuning-studio-cli
rm -f "$build_dir"/${package_name}_*.deb
(cd "$build_dir" && cpack -G DEB >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$build_dir"/${package_name}_*.deb | head -n 1)
[ -f "$deb" ] || fail "cpack made no .deb"
echo "package: $deb ($(du -h "$deb" | cut -f1))"

step "package metadata"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# Libraries found by dpkg-shlibdeps and the run-time ones listed by hand must all be there.
for dep in libc6 libqt6widgets6 libqt6sql6 libqt6sql6-sqlite qt6-qpa-plugins libsentencepiece0; do
  echo "$depends" | grep -Eq "(^|, )$dep( |,|$)" || fail "Depends lacks $dep"
done
echo "$depends" | grep -q "libtorch" || fail "Depends lacks libtorch"
dpkg-deb -c "$deb" | awk '{print substr($6, 2)}' | grep -v '/$' >"$work/files.txt"
for f in /usr/bin/tuning-studio /usr/bin/tuning-studio-cli \
         /usr/share/applications/io.github.tuningstudio.TuningStudio.desktop \
         /usr/share/metainfo/io.github.tuningstudio.TuningStudio.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/tuning-studio.svg \
         /usr/share/icons/hicolor/48x48/apps/tuning-studio.png \
         /usr/share/icons/hicolor/256x256/apps/tuning-studio.png; do
  grep -qx "$f" "$work/files.txt" || fail "the package lacks $f"
done
grep -q '/tuning-studio/libts_spm_bridge.so$' "$work/files.txt" || fail "the package lacks the sentencepiece bridge"
echo "$(wc -l <"$work/files.txt") files"

step "installing with apt-get"
apt-get install -y "$deb" >"$work/apt-install.log" 2>&1 || { tail -30 "$work/apt-install.log"; fail "apt-get install failed"; }
installed=1
dpkg -s "$package_name" | grep -q '^Status: install ok installed' || fail "dpkg does not list the package as installed"

step "tuning-studio-cli --help"
# A clean HOME: the installed programs must not depend on a developer's settings.
export HOME="$work/home"
mkdir -p "$HOME"
cd "$work"
/usr/bin/tuning-studio-cli --help >"$work/cli-help.txt" 2>&1 || { cat "$work/cli-help.txt"; fail "tuning-studio-cli --help failed"; }
grep -q device "$work/cli-help.txt" || fail "tuning-studio-cli --help does not list its commands"
head -n 5 "$work/cli-help.txt"

step "starting tuning-studio and taking a screenshot"
shot="$build_dir/deb-installed-start.png"
rm -f "$shot"
if command -v xvfb-run >/dev/null; then
  timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" /usr/bin/tuning-studio --screenshot "$shot" \
    >"$work/gui.log" 2>&1 || { cat "$work/gui.log"; fail "tuning-studio did not start under Xvfb"; }
else
  QT_QPA_PLATFORM=offscreen timeout 120 /usr/bin/tuning-studio --screenshot "$shot" \
    >"$work/gui.log" 2>&1 || { cat "$work/gui.log"; fail "tuning-studio did not start (offscreen)"; }
fi
[ -s "$shot" ] || fail "no screenshot was written"
size=$(stat -c %s "$shot")
[ "$size" -gt 20000 ] || fail "the screenshot is suspiciously small ($size bytes)"
echo "screenshot: $shot ($size bytes)"

step "desktop entry and AppStream metadata"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/io.github.tuningstudio.TuningStudio.desktop \
    || fail "desktop-file-validate"
  echo "desktop-file-validate: ok"
else
  echo "desktop-file-validate not installed: not checked"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net /usr/share/metainfo/io.github.tuningstudio.TuningStudio.metainfo.xml \
    || fail "appstreamcli validate"
else
  echo "appstreamcli not installed: not checked"
fi

step "removing the package"
apt-get remove -y --purge "$package_name" >"$work/apt-remove.log" 2>&1 || { tail -30 "$work/apt-remove.log"; fail "apt-get remove failed"; }
installed=0
left=0
while read -r f; do
  if [ -e "$f" ] || [ -L "$f" ]; then echo "left behind: $f"; left=1; fi
done <"$work/files.txt"
[ "$left" = 0 ] || fail "files of the package are left after removal"
[ ! -d /usr/lib/tuning-studio ] && [ ! -d /usr/share/tuning-studio ] || fail "package folders are left after removal"
echo "PASS: built, installed, started, validated and removed $deb"
