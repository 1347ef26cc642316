#!/usr/bin/env bash
# Builds Conduit's image and checks it for real, on loopback only (every container on the host's
# network): health, the built admin UI, the GraphQL API with the generated master key, a chat
# completion through to a fake OpenAI upstream, a graceful `docker stop` (exit 0, the drain logged),
# the data surviving a new container on the same volume; with SMOKE_SPEECH=1 the local-speech image
# (espeak-ng, ffmpeg, pocketsphinx); with SMOKE_COMPOSE=1 the two-gateway docker-compose.yml on
# MariaDB and Redis. CI does not run this (it has no Docker engine).
#
#   scripts/docker-smoke.sh
#   BASE_IMAGE=local/node:24-bookworm-slim scripts/docker-smoke.sh     # offline stand-in base
#   SMOKE_COMPOSE=1 MARIADB_IMAGE=local/mariadb:10.11 REDIS_IMAGE=local/redis:7 scripts/docker-smoke.sh
#
#   BASE_IMAGE       the Dockerfile's base (default: its own, node:24-bookworm-slim)
#   IMAGE            tag to build (default conduit:smoke); SKIP_BUILD=1 uses it as it is
#   SMOKE_SPEECH     1: also build "$IMAGE-speech" with WITH_LOCAL_SPEECH=true and speak and transcribe
#   SMOKE_COMPOSE    1: also bring up docker-compose.yml (needs docker compose or docker-compose)
# Needs docker and curl; prints `N passed, N failed` last and exits non-zero when a check failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

IMAGE=${IMAGE:-conduit:smoke}
run_id="conduit-smoke-$$"
passed=0
failed=0
containers=()
volumes=()

cleanup() {
  for container in "${containers[@]}"; do docker rm -f -v "$container" >/dev/null 2>&1 || true; done
  for volume in "${volumes[@]}"; do docker volume rm -f "$volume" >/dev/null 2>&1 || true; done
  if [ -n "${compose_project:-}" ]; then
    compose down -v --timeout 40 >/dev/null 2>&1 || true
    rm -f "$compose_env" "$compose_file"
  fi
}
trap cleanup EXIT

check() { # check "what" command...
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   - $what"
  else
    failed=$((failed + 1))
    echo "FAIL - $what"
  fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 12768)) # below the ephemeral range
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free port found" >&2
  return 1
}

wait_for() { # wait_for seconds command...: until the command succeeds
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

json_field() { # json_field name < json: the first string value of "name"
  sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" | head -n 1
}
contains() { grep -qF -- "$2" <<<"$1"; } # contains text fragment
matches() { grep -qE -- "$2" <<<"$1"; }   # matches text regex
exit_code() { docker inspect -f '{{.State.ExitCode}}' "$1"; }
is_healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' "$1" 2>/dev/null)" = healthy ]; }

# --- build -------------------------------------------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "==> docker build -t $IMAGE${BASE_IMAGE:+ (BASE_IMAGE=$BASE_IMAGE)}"
  build_started=$SECONDS
  docker build --network host ${BASE_IMAGE:+--build-arg "BASE_IMAGE=$BASE_IMAGE"} -t "$IMAGE" .
  echo "==> built in $((SECONDS - build_started)) s"
fi
echo "==> image size: $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1 / 1000000}')"
check "runs as a non-root user" test "$(docker image inspect -f '{{.Config.User}}' "$IMAGE")" = conduit
check "has no dev dependencies (vite, typescript) and no test files" \
  docker run --rm --entrypoint sh "$IMAGE" -c '! test -e node_modules/vite && ! test -e node_modules/typescript && test -z "$(find core plugins -name "*.test.ts" | head -n 1)"'

# --- a fake OpenAI upstream, in a container of the same image (its Node.js; nothing on the host) ---
upstream_port=$(free_port)
fake_upstream='
const http = require("node:http");
http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    const send = (status, value) => { response.writeHead(status, { "content-type": "application/json" }); response.end(JSON.stringify(value)); };
    if (request.headers.authorization !== "Bearer sk-fake-upstream") return send(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" } });
    if (request.method === "GET" && request.url === "/v1/models") return send(200, { object: "list", data: [{ id: "fake-model", object: "model", created: 0, owned_by: "smoke" }] });
    if (request.method === "POST" && request.url === "/v1/chat/completions") {
      const { model, messages } = JSON.parse(body);
      const delay = messages.at(-1).content.startsWith("slow") ? 3000 : 0;
      return setTimeout(() => send(200, { id: "chatcmpl-smoke", object: "chat.completion", created: Math.floor(Date.now() / 1000), model,
        choices: [{ index: 0, message: { role: "assistant", content: "fake upstream heard: " + messages.at(-1).content, refusal: null }, finish_reason: "stop", logprobs: null }],
        usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 } }), delay);
    }
    send(404, { error: { message: "no route " + request.url, type: "invalid_request_error", param: null, code: null } });
  });
}).listen(Number(process.env.UPSTREAM_PORT), "127.0.0.1", () => console.log("fake upstream listening"));
'
containers+=("$run_id-upstream")
docker run -d --name "$run_id-upstream" --network host -e "UPSTREAM_PORT=$upstream_port" --entrypoint node "$IMAGE" -e "$fake_upstream" >/dev/null
wait_for 20 curl -sf -H 'authorization: Bearer sk-fake-upstream' "http://127.0.0.1:$upstream_port/v1/models"

# --- one gateway, SQLite on a volume -------------------------------------------------------------
port=$(free_port)
base="http://127.0.0.1:$port"
volume="$run_id-data"
volumes+=("$volume")
docker volume create "$volume" >/dev/null
start_gateway() { # start_gateway name
  containers+=("$1")
  docker run -d --name "$1" --network host -e "PORT=$port" -v "$volume:/data" --stop-timeout 20 "$IMAGE" >/dev/null
}

echo "==> gateway on $base (volume $volume)"
start_gateway "$run_id-1"
started=$SECONDS
check "/health/live answers 200" wait_for 60 curl -sf "$base/health/live"
echo "     (live $((SECONDS - started)) s after docker run)"
ready=$(curl -s "$base/health/ready" || true)
echo "     /health/ready: $ready"
check "/health/ready answers with every check up" contains "$ready" '"status":"ok"'
check "the image's HEALTHCHECK reports healthy" wait_for 60 is_healthy "$run_id-1"
admin_page=$(curl -sf "$base/admin/" || true)
check "/admin serves the built UI (its bundled script)" matches "$admin_page" '/admin/assets/[^"]*\.js'
check "/admin is not the placeholder" test -n "$admin_page" -a "${admin_page/not built/}" = "$admin_page"
asset=$(printf '%s' "$admin_page" | grep -o '/admin/assets/[^"]*\.js' | head -n 1 || true)
check "/admin's script is served" curl -sf -o /dev/null "$base$asset"

master_key=$(docker exec "$run_id-1" cat /data/master.key || true)
check "the master key was generated into the volume (and printed once)" contains "$(docker logs "$run_id-1" 2>&1)" "$master_key"
gql() { curl -s "$base/graphql" -H "authorization: Bearer $master_key" -H 'content-type: application/json' -d "$1" || true; }
refused=$(curl -s "$base/graphql" -H 'authorization: Bearer wrong-wrong-wrong-wrong' -H 'content-type: application/json' -d '{"query":"{ plugins { name } }"}' || true)
check "GraphQL refuses a wrong master key" contains "$refused" '"errors"'
plugins=$(gql '{"query":"{ plugins { name } }"}')
check "GraphQL answers with the master key (plugins listed)" contains "$plugins" '"name":"openai"'

provider=$(gql "{\"query\":\"mutation { createProvider(input: {name: \\\"fake\\\", type: \\\"openai\\\", apiKey: \\\"sk-fake-upstream\\\", baseUrl: \\\"http://127.0.0.1:$upstream_port/v1\\\"}) { id } }\"}" | json_field id)
gql "{\"query\":\"mutation { createModelDeployment(input: {modelName: \\\"smoke-model\\\", providerId: \\\"$provider\\\", providerModel: \\\"fake-model\\\"}) { id } }\"}" >/dev/null
gql '{"query":"mutation { createModelCost(input: {model: \"smoke-model\", inputPerMillion: 1, outputPerMillion: 2}) { id } }"}' >/dev/null
virtual_key=$(gql '{"query":"mutation { createVirtualKey(input: {name: \"smoke\"}) { key } }"}' | json_field key)
check "a provider and a virtual key were created" test -n "$provider" -a -n "$virtual_key"
chat() { curl -s "$base/v1/chat/completions" -H "authorization: Bearer $virtual_key" -H 'content-type: application/json' -d "{\"model\":\"smoke-model\",\"messages\":[{\"role\":\"user\",\"content\":\"$1\"}]}" || true; }
answer=$(chat "hello from the smoke test")
echo "     chat: $answer"
check "a chat completion goes through to the fake upstream" contains "$answer" 'fake upstream heard: hello from the smoke test'

echo "==> docker stop during a request the upstream answers in 3 s (the image drains for up to 8 s)"
in_flight=$(mktemp)
chat "slow answer, please" >"$in_flight" &
chat_pid=$!
sleep 1
stop_started=$SECONDS
docker stop "$run_id-1" >/dev/null
echo "     stopped in $((SECONDS - stop_started)) s"
wait "$chat_pid" || true
echo "     in-flight answer: $(cat "$in_flight")"
check "the request in flight at the stop was answered" contains "$(cat "$in_flight")" 'fake upstream heard: slow answer, please'
check "the stop waited for it, within the stop timeout" test $((SECONDS - stop_started)) -ge 1 -a $((SECONDS - stop_started)) -lt 20
rm -f "$in_flight"
check "the gateway exited 0 on SIGTERM" test "$(exit_code "$run_id-1")" = 0
check "the shutdown was logged" contains "$(docker logs "$run_id-1" 2>&1)" 'stopping: draining in-flight requests'
docker logs "$run_id-1" 2>&1 | tail -n 3 | sed 's/^/     log: /'

echo "==> a new container on the same volume"
start_gateway "$run_id-2"
check "the new container is live" wait_for 60 curl -sf "$base/health/live"
check "it kept the master key (GraphQL answers with it)" contains "$(gql '{"query":"{ plugins { name } }"}')" '"name":"openai"'
logged=$(gql '{"query":"{ requestLogs(first: 5) { edges { node { model status } } } }"}')
echo "     requestLogs: $logged"
check "it kept the request log, the request answered during the drain included" test "$(grep -o smoke-model <<<"$logged" | wc -l)" -ge 2
check "it kept the provider, deployment and virtual key (a chat completion goes through)" contains "$(chat again)" 'fake upstream heard: again'
docker stop "$run_id-2" >/dev/null
check "the second container exited 0 too" test "$(exit_code "$run_id-2")" = 0

# --- WITH_LOCAL_SPEECH=true: speech and transcription with the local-speech provider --------------
if [ -n "${SMOKE_SPEECH:-}" ]; then
  speech_image="$IMAGE-speech"
  if [ -z "${SKIP_BUILD:-}" ]; then
    echo "==> docker build --build-arg WITH_LOCAL_SPEECH=true -t $speech_image"
    docker build --network host ${BASE_IMAGE:+--build-arg "BASE_IMAGE=$BASE_IMAGE"} --build-arg WITH_LOCAL_SPEECH=true -t "$speech_image" .
  fi
  echo "==> speech image size: $(docker image inspect -f '{{.Size}}' "$speech_image" | awk '{printf "%.0f MB", $1 / 1000000}')"
  master_key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  containers+=("$run_id-speech")
  docker run -d --name "$run_id-speech" --network host -e "PORT=$port" -e "CONDUIT_MASTER_KEY=$master_key" "$speech_image" >/dev/null
  check "speech: the gateway is live" wait_for 60 curl -sf "$base/health/live"
  provider=$(gql '{"query":"mutation { createProvider(input: {name: \"local\", type: \"local-speech\", options: {phrases: [\"hello world this is a test\"]}}) { id } }"}' | json_field id)
  gql "{\"query\":\"mutation { createModelDeployment(input: {modelName: \\\"tts-local\\\", providerId: \\\"$provider\\\", providerModel: \\\"espeak-ng\\\"}) { id } }\"}" >/dev/null
  gql "{\"query\":\"mutation { createModelDeployment(input: {modelName: \\\"stt-local\\\", providerId: \\\"$provider\\\", providerModel: \\\"pocketsphinx-en-us\\\"}) { id } }\"}" >/dev/null
  gql '{"query":"mutation { createModelCost(input: {model: \"tts-local\", inputPerMillion: 0, outputPerMillion: 0, speechPerMillionCharacters: 1}) { id } }"}' >/dev/null
  gql '{"query":"mutation { createModelCost(input: {model: \"stt-local\", inputPerMillion: 0, outputPerMillion: 0, audioInputPerMinute: 0.001}) { id } }"}' >/dev/null
  virtual_key=$(gql '{"query":"mutation { createVirtualKey(input: {name: \"speech\"}) { key } }"}' | json_field key)
  speech_file=$(mktemp --suffix=.mp3)
  content_type=$(curl -s -o "$speech_file" -w '%{content_type}' "$base/v1/audio/speech" -H "authorization: Bearer $virtual_key" -H 'content-type: application/json' \
    -d '{"model":"tts-local","voice":"alloy","input":"hello world this is a test","response_format":"mp3"}' || true)
  check "speech: espeak-ng speaks, ffmpeg encodes MP3 ($(wc -c <"$speech_file") bytes of $content_type)" test "$content_type" = audio/mpeg -a "$(wc -c <"$speech_file")" -gt 1000
  transcript=$(curl -s "$base/v1/audio/transcriptions" -H "authorization: Bearer $virtual_key" -F "file=@$speech_file" -F model=stt-local || true)
  echo "     transcript: $transcript"
  check "speech: pocketsphinx transcribes it back" contains "$transcript" '"text":"hello world this is a test"'
  rm -f "$speech_file"
  zombies=$(docker exec "$run_id-speech" sh -c 'cat /proc/[0-9]*/stat 2>/dev/null; true' | awk '$3 == "Z"' | wc -l)
  check "speech: no zombie processes left (tini reaps)" test "$zombies" -eq 0
  docker stop "$run_id-speech" >/dev/null
  check "speech: exited 0" test "$(exit_code "$run_id-speech")" = 0
fi

# --- docker-compose.yml: two gateways, MariaDB, Redis --------------------------------------------
if [ -n "${SMOKE_COMPOSE:-}" ]; then
  if docker compose version >/dev/null 2>&1; then compose_cli=(docker compose); else compose_cli=(docker-compose); fi
  compose_project="$run_id"
  compose_env=$(mktemp)
  secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
  {
    echo "MARIADB_PASSWORD=$(secret)"
    echo "MARIADB_ROOT_PASSWORD=$(secret)"
    echo "REDIS_PASSWORD=$(secret)"
    echo "CONDUIT_MASTER_KEY=$(secret)"
    echo "CONDUIT_ENCRYPTION_KEY=$(secret)"
    echo "CONDUIT_IMAGE=$IMAGE"
    echo "SMOKE_GATEWAY_1_PORT=$(free_port)"
    echo "SMOKE_GATEWAY_2_PORT=$(free_port)"
    echo "SMOKE_MARIADB_PORT=$(free_port)"
    echo "SMOKE_REDIS_PORT=$(free_port)"
    [ -n "${MARIADB_IMAGE:-}" ] && echo "MARIADB_IMAGE=$MARIADB_IMAGE"
    [ -n "${REDIS_IMAGE:-}" ] && echo "REDIS_IMAGE=$REDIS_IMAGE"
  } >"$compose_env"
  # On the host's network a container publishes no ports (docker-compose v1 refuses both), and an
  # override cannot remove docker-compose.yml's: a copy without them.
  compose_file=$(mktemp --suffix=.yml)
  sed '/^    ports:$/,/^      - /d' docker-compose.yml >"$compose_file"
  if grep -q 'ports:' "$compose_file"; then echo "could not take the ports out of docker-compose.yml" >&2; exit 1; fi
  compose() { "${compose_cli[@]}" --project-name "$compose_project" --project-directory "$PWD" --env-file "$compose_env" -f "$compose_file" -f scripts/docker-smoke.compose.yml "$@"; }
  # shellcheck disable=SC1090
  . "$compose_env"
  echo "==> ${compose_cli[*]} up (gateways on :$SMOKE_GATEWAY_1_PORT and :$SMOKE_GATEWAY_2_PORT)"
  compose up -d --no-build
  gateways_healthy() { is_healthy "$(compose ps -q gateway-1)" && is_healthy "$(compose ps -q gateway-2)"; }
  check "compose: both gateways become healthy after MariaDB and Redis" wait_for 240 gateways_healthy
  compose ps
  g1="http://127.0.0.1:$SMOKE_GATEWAY_1_PORT"
  g2="http://127.0.0.1:$SMOKE_GATEWAY_2_PORT"
  for g in "$g1" "$g2"; do
    ready=$(curl -s "$g/health/ready" || true)
    echo "     $g/health/ready: $ready"
    check "compose: $g/health/ready has the database and Redis up" contains "$ready" '"database":"up","redis":"up"'
  done
  gql2() { curl -s "$1/graphql" -H "authorization: Bearer $CONDUIT_MASTER_KEY" -H 'content-type: application/json' -d "$2" || true; }
  provider=$(gql2 "$g1" "{\"query\":\"mutation { createProvider(input: {name: \\\"fake\\\", type: \\\"openai\\\", apiKey: \\\"sk-fake-upstream\\\", baseUrl: \\\"http://127.0.0.1:$upstream_port/v1\\\"}) { id } }\"}" | json_field id)
  gql2 "$g1" "{\"query\":\"mutation { createModelDeployment(input: {modelName: \\\"smoke-model\\\", providerId: \\\"$provider\\\", providerModel: \\\"fake-model\\\"}) { id } }\"}" >/dev/null
  gql2 "$g1" '{"query":"mutation { createModelCost(input: {model: \"smoke-model\", inputPerMillion: 1, outputPerMillion: 2}) { id } }"}' >/dev/null
  virtual_key=$(gql2 "$g1" '{"query":"mutation { createVirtualKey(input: {name: \"smoke\"}) { key } }"}' | json_field key)
  check "compose: configured through gateway-1 (provider, virtual key)" test -n "$provider" -a -n "$virtual_key"
  base=$g2
  chat_via_gateway_2() { contains "$(chat 'via gateway-2')" 'fake upstream heard: via gateway-2'; }
  check "compose: gateway-2 serves the key and model made on gateway-1 (shared MariaDB, the other instance's encryption key)" wait_for 30 chat_via_gateway_2
  logged_on_gateway_1() { contains "$(gql2 "$g1" '{"query":"{ requestLogs(first: 5) { edges { node { model status } } } }"}')" 'smoke-model'; }
  check "compose: gateway-1 lists the request gateway-2 logged" wait_for 15 logged_on_gateway_1
  stop_started=$SECONDS
  compose stop --timeout 40 gateway-1 gateway-2
  echo "     compose stopped both gateways in $((SECONDS - stop_started)) s"
  for service in gateway-1 gateway-2; do
    container=$(compose ps -q "$service")
    check "compose: $service exited 0" test "$(exit_code "$container")" = 0
    check "compose: $service logged its drain" contains "$(docker logs "$container" 2>&1)" 'stopping: draining in-flight requests'
  done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
