# Sourced by .ci/run (bash): makes sure the suite runs on a supported Node.js. When the machine's
# node is older than 22.15 (the lowest version package-lock.json accepts), installs Node.js 24 LTS
# from the npm registry's node-linux-<arch> package (its bin/node and include/node headers), puts it
# first on PATH and points native builds (sqlite3's node-gyp, during `npm ci`) at its headers.
#
#   CONDUIT_CI_NODE_CACHE   where installed versions are kept (default ~/.cache/conduit-ci)
#
# npm itself stays the machine's: its `#!/usr/bin/env node` then runs on the Node.js found first.

node_is_supported() {
  command -v node >/dev/null &&
    node -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 22 || (major === 22 && minor >= 15) ? 0 : 1)'
}

install_node_24() {
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "no node-linux package for $(uname -m)" >&2; return 1 ;;
  esac
  local cache="${CONDUIT_CI_NODE_CACHE:-${HOME:-/tmp}/.cache/conduit-ci}"
  mkdir -p "$cache"
  local work
  work="$(mktemp -d)"
  # The newest 24.x; npm's own cache makes a repeated run cheap.
  local tarball
  tarball="$(cd "$work" && npm pack "node-linux-$arch@24" --silent | tail -n 1)"
  local version="${tarball#node-linux-"$arch"-}"
  version="${version%.tgz}"
  local home="$cache/node-v$version-linux-$arch"
  if [ ! -x "$home/bin/node" ] || [ ! -f "$home/include/node/node.h" ]; then
    rm -rf "$home.partial"
    mkdir -p "$home.partial"
    tar -xzf "$work/$tarball" -C "$home.partial" --strip-components=1
    rm -rf "$home"
    mv "$home.partial" "$home"
  fi
  rm -rf "$work"
  export PATH="$home/bin:$PATH"
  export npm_config_nodedir="$home"
}

if node_is_supported; then
  echo "==> Node.js $(node --version) from $(command -v node)"
else
  echo "==> Node.js $(node --version 2>/dev/null || echo "(none)") is older than 22.15: installing Node.js 24 LTS from the npm registry"
  install_node_24
  node_is_supported || { echo "the installed Node.js $(node --version) is not supported" >&2; exit 1; }
  echo "==> Node.js $(node --version) from $(command -v node); native modules build against $npm_config_nodedir"
fi
