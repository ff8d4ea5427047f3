# Sourced by the benchmark scripts: release_binary prints the langfarm binary to run,
# $LANGFARM_BIN if set, else a release build it makes first
# (`swift build -c release --scratch-path .build-release`).
release_binary() {
    if [[ -n ${LANGFARM_BIN:-} ]]; then
        echo "$LANGFARM_BIN"
        return
    fi
    printf '==> swift build -c release --scratch-path .build-release\n' >&2
    swift build -c release --product langfarm --scratch-path .build-release >&2
    echo "$(swift build -c release --scratch-path .build-release --show-bin-path)/langfarm"
}
