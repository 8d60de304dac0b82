#!/usr/bin/env bash
# Builds Placement Explorer's native packages with jpackage from JDK 25.
#
#   installer/build.sh              the app-image and the native package of this platform
#   installer/build.sh app-image    only the app-image (a folder with launcher and trimmed runtime)
#   installer/build.sh deb          only the .deb (Linux)
#   installer/build.sh --check      build the app-image, then run its launcher with --version (for CI)
#
# Options: --skip-build   package the existing target/placement-explorer.jar instead of running Maven
#
# Output goes to target/installer/. The same script runs on macOS (app-image and dmg) and on
# Windows under Git Bash (app-image and msi; needs the WiX toolset): see the README.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

want_app_image=0
want_native=0
check=0
skip_build=0
for arg in "$@"; do
    case "$arg" in
        app-image) want_app_image=1 ;;
        deb|dmg|msi|native) want_native=1 ;;
        --check) want_app_image=1; check=1 ;;
        --skip-build) skip_build=1 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "installer/build.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
    esac
done
if [ $want_app_image -eq 0 ] && [ $want_native -eq 0 ]; then
    want_app_image=1
    want_native=1
fi

# --- the JDK ---------------------------------------------------------------------------------
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
jdk_bin="${JAVA_HOME:+$JAVA_HOME/bin/}"
if ! command -v "${jdk_bin}jpackage" >/dev/null 2>&1; then
    echo "installer/build.sh: jpackage not found; set JAVA_HOME to a JDK 25" >&2
    exit 1
fi
java_major="$("${jdk_bin}java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ "${java_major%%.*}" -lt 25 ]; then
    echo "installer/build.sh: JDK $java_major found at ${JAVA_HOME:-PATH}; Placement Explorer needs JDK 25" >&2
    exit 1
fi
export PATH="${JAVA_HOME:+$JAVA_HOME/bin:}$PATH"

case "$(uname -s)" in
    Linux*) os=linux; native_type=deb; icon="$here/icon.png" ;;
    Darwin*) os=mac; native_type=dmg; icon="$here/icon.icns" ;;
    MINGW*|MSYS*|CYGWIN*) os=windows; native_type=msi; icon="$here/icon.ico" ;;
    *) echo "installer/build.sh: unsupported platform $(uname -s)" >&2; exit 1 ;;
esac

# --- the jar -----------------------------------------------------------------------------------
if [ $skip_build -eq 0 ]; then
    MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -q -B package -DskipTests
fi
jar="$root/target/placement-explorer.jar"
[ -f "$jar" ] || { echo "installer/build.sh: $jar is missing; build it (mvn package) or drop --skip-build" >&2; exit 1; }

version="$(sed -n 's/^version=//p' "$root/target/classes/org/placementexplorer/version.properties")"
app_version="${version%%-*}"   # jpackage wants numbers only: 0.1.0-SNAPSHOT -> 0.1.0

out="$root/target/installer"
input="$out/input"
rm -rf "$input" "$out/placement-explorer" "$out/content"
mkdir -p "$input" "$out/content/samples"
cp "$jar" "$input/"
# the samples also ship as plain files next to the application, for File > Open
cp -r "$root/sample-graphs" "$out/content/samples/graphs"
cp -r "$root/sample-clusters" "$out/content/samples/clusters"

# --- a runtime with only the modules the application uses ----------------------------------------
modules="$(jdeps --print-module-deps --ignore-missing-deps --multi-release 25 "$jar")"
# JavaFX on the class path reaches these through reflection and native code, which jdeps cannot see;
# OR-Tools unpacks its native solvers (SCIP, GLOP) from the jar through the zip file system (jdk.zipfs):
# without it the MILP silently falls back to the much slower pure-Java backend
modules="$modules,java.desktop,java.logging,java.xml,jdk.unsupported,jdk.jsobject,java.naming,jdk.zipfs"
modules="$(echo "$modules" | tr ',' '\n' | sort -u | paste -sd, -)"

common=(
    --name placement-explorer
    --app-version "$app_version"
    --vendor "Placement Explorer developers"
    --copyright "Copyright 2026 Placement Explorer developers"
    --description "Split deep-learning models across devices and see what it costs"
    --input "$input"
    --main-jar placement-explorer.jar
    --main-class org.placementexplorer.app.Main
    --add-modules "$modules"
    --jlink-options "--strip-debug --no-header-files --no-man-pages --strip-native-commands"
    --java-options "--enable-native-access=ALL-UNNAMED -XX:+UseZGC"
    --app-content "$out/content/samples"
    --dest "$out"
)
[ -f "$icon" ] && common+=(--icon "$icon")

if [ $want_app_image -eq 1 ]; then
    echo "Building the app-image (modules: $modules)"
    jpackage --type app-image "${common[@]}"
    echo "App-image: $out/placement-explorer"
fi

if [ $check -eq 1 ]; then
    case "$os" in
        linux) launcher="$out/placement-explorer/bin/placement-explorer" ;;
        mac) launcher="$out/placement-explorer.app/Contents/MacOS/placement-explorer" ;;
        windows) launcher="$out/placement-explorer/placement-explorer.exe" ;;
    esac
    printed="$("$launcher" --version)"
    echo "$printed"
    case "$printed" in
        "Placement Explorer $version") ;;
        *) echo "installer/build.sh: the launcher printed '$printed', expected 'Placement Explorer $version'" >&2; exit 1 ;;
    esac
    # a real command through the packaged runtime, to catch a module jlink left out
    case "$os" in
        mac) samples="$out/placement-explorer.app/Contents/samples" ;;
        *) samples="$out/placement-explorer/lib/samples" ;;
    esac
    "$launcher" solve "$samples/graphs/tiny-resnet.json" --cluster "$samples/clusters/cpu-2gpu.json" \
        --objective throughput --solver single-device >/dev/null
    # the MILP's native backend loads in the packaged runtime (a missing module makes it fall back)
    milp="$("$launcher" solve "$samples/graphs/throughput-inputs_LayerGraphs_bert24_inference.json" \
        --objective throughput --solver milp -O backend=scip --time-limit 60)"
    case "$milp" in
        *"not available here"*|*"native library not available"*)
            echo "installer/build.sh: the packaged runtime cannot load OR-Tools' SCIP:" >&2
            echo "$milp" >&2
            exit 1 ;;
    esac
    echo "Launcher check passed"
fi

if [ $want_native -eq 1 ] && [ $check -eq 0 ]; then
    native=(--type "$native_type" --file-associations "$here/onnx-association.properties"
            --license-file "$here/LICENSE.txt" --resource-dir "$here/$os")
    case "$os" in
        linux)
            native+=(--linux-package-name placement-explorer
                     --linux-app-category science
                     --linux-menu-group "Development;Science;"
                     --linux-shortcut
                     --linux-deb-maintainer "developers@placement-explorer.invalid"
                     --linux-package-deps "libgtk-3-0, libgl1, libxtst6, libxxf86vm1, libfreetype6, libfontconfig1")
            ;;
        mac) native+=(--mac-package-name "Placement Explorer") ;;
        windows) native+=(--win-menu --win-shortcut --win-dir-chooser) ;;
    esac
    echo "Building the $native_type package"
    jpackage "${native[@]}" "${common[@]}"
    ls -1 "$out"/*."$native_type"
fi
