#!/usr/bin/env bash
# The container setup, checked without a Docker engine (there is none here or in CI):
#   1. every service's Dockerfile lints clean (dockerfile-utils: no error, no warning);
#   2. compose.yaml validates (docker-compose config -q) and holds together: the detector scales, the services share
#      one queue prefix and one run folder, they wait for a healthy emulator;
#   3. the `RUN dotnet ...` lines of each Dockerfile run as they stand, /app replaced by a temporary folder, over only
#      what its build stage COPYs (the publish folder's size is reported; its runtimeconfig must turn quick JIT off);
#   4. the published services run side by side the way compose.yaml starts them: its environment, the emulator it runs
#      (fauxqs 2.4.1 on Node 22), the Dockerfile's ENTRYPOINT in the publish folder, a free port for the image's
#      8080; each answers /health, its HEALTHCHECK command exits 0, and a small run goes from the generator through the
#      detector to RootCause; once stopped, the HEALTHCHECK command exits 1.
# One line per check; a failing check prints what it saw and exits non-zero. Needs dotnet, npm, curl and python3;
# installs docker-compose with apt-get when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

here=$PWD/tools/container-check
services=(Generator.Service Detector.Service RootCause.Service)
started=$(date +%s)
work=$(mktemp -d)
pids=()

say() { echo "container-check: $*"; }
fail() { echo "container-check: FAILED: $*" >&2; exit 1; }

cleanup() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

for tool in dotnet npm curl python3; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is required and was not found on PATH"
done

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The JSON array of a Dockerfile instruction (ENTRYPOINT, or CMD of HEALTHCHECK on its continuation line), one word a line.
dockerfile_array() {
  python3 - "$1" "$2" <<'EOF'
import json, re, sys
text = open(sys.argv[1]).read().replace("\\\n", " ")
match = re.search(r"^" + sys.argv[2] + r"\s+.*?(\[.*\])\s*$", text, re.MULTILINE)
if not match:
    sys.exit(f"no {sys.argv[2]} with an exec-form array in {sys.argv[1]}")
print("\n".join(json.loads(match.group(1))))
EOF
}

# npm packages (linter, emulator, Node 22) into this folder, again only when the lock file changed.
if ! cmp -s "$here/package-lock.json" "$here/node_modules/.installed-package-lock.json"; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm ci in $here"
  cp "$here/package-lock.json" "$here/node_modules/.installed-package-lock.json"
fi

# 1. Lint.
for service in "${services[@]}"; do
  dockerfile=src/$service/Dockerfile
  test -f "$dockerfile" || fail "$dockerfile is missing"
  if ! findings=$("$here/node_modules/.bin/dockerfile-utils" lint "$dockerfile" 2>&1) || [ -n "$findings" ]; then
    fail "$dockerfile does not lint clean:"$'\n'"$findings"
  fi
  say "lint $dockerfile: clean"
done

# 2. Compose.
if ! command -v docker-compose >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || fail "docker-compose is missing and apt-get is not available to install it (Debian package docker-compose 1.29)"
  [ "$(id -u)" -eq 0 ] || fail "docker-compose is missing; install it as root: apt-get install -y docker-compose"
  apt-get install -y -qq docker-compose >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq docker-compose >/dev/null; } \
    || fail "apt-get install docker-compose"
fi
docker-compose -f compose.yaml config -q || fail "docker-compose config rejects compose.yaml"
docker-compose -f compose.yaml config > "$work/compose.resolved.yaml"
python3 - "$work/compose.resolved.yaml" "$work/environment.json" <<'EOF' || fail "compose.yaml does not hold together (above)"
import json, sys, yaml
compose = yaml.safe_load(open(sys.argv[1]))["services"]
platform = ["generator", "detector", "rootcause"]
problems = []
expected = {"sqs-emulator", "dashboard", *platform}
if set(compose) != expected:
    problems.append(f"services are {sorted(compose)}, expected {sorted(expected)}")
detector = compose.get("detector", {})
if "container_name" in detector or detector.get("ports"):
    problems.append("detector has a container_name or a host port, so --scale detector=N cannot start replicas")
environments = {name: compose[name].get("environment", {}) for name in platform if name in compose}
for setting in ["Messaging__Transport", "Messaging__Sqs__QueuePrefix", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_S3",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "Output__Directory"]:
    values = {name: env.get(setting) for name, env in environments.items()}
    if None in values.values() or len(set(values.values())) != 1:
        problems.append(f"{setting} differs between the services or is missing: {values}")
for name in platform:
    service = compose.get(name, {})
    if service.get("depends_on", {}).get("sqs-emulator", {}).get("condition") != "service_healthy":
        problems.append(f"{name} does not wait for a healthy sqs-emulator")
    if "healthcheck" in service and service["healthcheck"].get("disable"):
        problems.append(f"{name} disables its image's health check")
mounts = {}
for name in ["generator", "rootcause"]:
    for volume in compose.get(name, {}).get("volumes", []):
        target = volume.split(":")[1] if isinstance(volume, str) else volume.get("target")
        source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source")
        if target == environments.get(name, {}).get("Output__Directory"):
            mounts[name] = source
if len(mounts) != 2 or len(set(mounts.values())) != 1:
    problems.append(f"generator and rootcause do not mount one host folder at Output__Directory: {mounts}")
if "healthcheck" not in compose.get("sqs-emulator", {}):
    problems.append("sqs-emulator has no health check, so service_healthy never holds")
for problem in problems:
    print(f"compose.yaml: {problem}", file=sys.stderr)
json.dump({"services": {name: {k: v for k, v in env.items() if v is not None} for name, env in environments.items()},
           "emulator": compose["sqs-emulator"].get("environment", {})}, open(sys.argv[2], "w"))
sys.exit(1 if problems else 0)
EOF
say "compose.yaml: valid ($(docker-compose version --short)); detector scalable, one queue prefix, one run folder, services wait for the emulator"

# 3. Publish with the Dockerfiles' own dotnet lines, in a copy of the sources as `docker build` would send them (the
# build context, without bin/ and obj/): run in the working tree, a publish with its own flags (UseAppHost=false)
# would rewrite the projects' build output that `dotnet run` and the Aspire AppHost start from.
context=$work/context
mkdir -p "$context"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$context"
else
  tar --exclude='./.git' --exclude='*/bin' --exclude='*/obj' --exclude='./outputs' -cf - . | tar -xf - -C "$context"
fi
for service in "${services[@]}"; do
  out=$work/publish/$service
  # The build stage sees only what its COPY lines bring in: a file the build needs but the Dockerfile does not copy
  # (Directory.Build.targets once: the images then ran without its compiler settings) must be missing here as there.
  sources=$work/image-src/$service
  python3 - "src/$service/Dockerfile" "$context" "$sources" <<'EOF' || fail "src/$service/Dockerfile: its COPY lines (above)"
import os, shutil, sys
dockerfile, context, target = sys.argv[1:4]
os.makedirs(target, exist_ok=True)
stages = 0
for line in open(dockerfile).read().replace("\\\n", " ").splitlines():
    words = line.split()
    if not words:
        continue
    if words[0] == "FROM":
        stages += 1
        if stages > 1:
            break
    if words[0] != "COPY" or any(w.startswith("--from") for w in words):
        continue
    *copied, destination = [w for w in words[1:] if not w.startswith("--")]
    for source in copied:
        path = os.path.join(context, source)
        if not os.path.exists(path):
            sys.exit(f"{dockerfile}: COPY {source}: not in the build context")
        into = os.path.join(target, destination)
        if os.path.isdir(path):
            shutil.copytree(path, into, dirs_exist_ok=True)
        elif destination.endswith("/"):
            os.makedirs(into, exist_ok=True)
            shutil.copy2(path, os.path.join(into, os.path.basename(source)))
        else:
            os.makedirs(os.path.dirname(into), exist_ok=True)
            shutil.copy2(path, into)
EOF
  mapfile -t lines < <(sed -n 's/^RUN \(dotnet .*\)$/\1/p' "src/$service/Dockerfile")
  printf '%s\n' "${lines[@]}" | grep -q '^dotnet publish .* -o /app ' || fail "src/$service/Dockerfile has no 'RUN dotnet publish ... -o /app ...' line"
  step_started=$(date +%s)
  for line in "${lines[@]}"; do
    read -ra words <<<"${line/ -o \/app / -o $out }"
    (cd "$sources" && "${words[@]}") >>"$work/publish-$service.log" 2>&1 || { cat "$work/publish-$service.log" >&2; fail "$service: ${words[*]}"; }
  done
  # The services run the pipeline, compiled optimised from the first call (Directory.Build.targets): in the image too.
  grep -q '"System.Runtime.TieredCompilation.QuickJit": false' "$out"/*.runtimeconfig.json \
    || fail "$service: the published runtimeconfig.json leaves quick JIT on (does the Dockerfile copy Directory.Build.targets?)"
  say "publish $service (its Dockerfile's COPY and ${#lines[@]} dotnet lines): $(du -sh "$out" | cut -f1) in $(( $(date +%s) - step_started )) s"
done

# 4. Run them as compose.yaml does, with the emulator compose.yaml runs.
emulator_port=$(free_port)
emulator_env=()
while IFS= read -r assignment; do emulator_env+=("$assignment"); done < <(python3 -c '
import json, sys
for key, value in json.load(open(sys.argv[1]))["emulator"].items():
    if key != "FAUXQS_PORT":
        print(f"{key}={value}")' "$work/environment.json")
setsid env -C "$here" "${emulator_env[@]}" FAUXQS_PORT="$emulator_port" "$here/node_modules/.bin/node" --input-type=module \
  --eval "import { startFauxqs } from 'fauxqs'; await startFauxqs();" >"$work/emulator.log" 2>&1 &
pids+=($!)
wait_for_health() { # url seconds
  for _ in $(seq 1 "$(( $2 * 2 ))"); do curl -sf -m 2 -o /dev/null "$1" && return 0; sleep 0.5; done
  return 1
}
wait_for_health "http://127.0.0.1:$emulator_port/health" 30 || { cat "$work/emulator.log" >&2; fail "the emulator did not answer /health in 30 s"; }
say "sqs-emulator: fauxqs $(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' "$here/node_modules/fauxqs/package.json"), environment of compose.yaml, healthy"

mkdir -p "$work/outputs"
declare -A ports dirs projects
service_env() { # service name, port: the container's environment, with compose's host names mapped to this machine
  python3 - "$work/environment.json" "$1" "$2" "$emulator_port" "$work/outputs" "src/$3/Dockerfile" <<'EOF'
import json, re, sys
path, name, port, emulator_port, outputs, dockerfile = sys.argv[1:]
environment = {}
# ENV lines of the runtime stage (after the last FROM), then compose's environment over them, as Docker does.
runtime_stage = open(dockerfile).read().split("\nFROM ")[-1]
for key, value in re.findall(r"^ENV (\S+)=(\S+)$", runtime_stage, re.MULTILINE):
    environment[key] = value
environment.update(json.load(open(path))["services"][name])
environment["ASPNETCORE_HTTP_PORTS"] = port  # the .NET images' 8080
environment["DOTNET_RUNNING_IN_CONTAINER"] = "true"
environment["Output__Directory"] = outputs  # the shared volume
for key in ["AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_S3"]:
    environment[key] = f"http://127.0.0.1:{emulator_port}"
environment.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)  # no dashboard here; nothing else depends on it
for key, value in environment.items():
    print(f"{key}={value}")
EOF
}
for service in "${services[@]}"; do
  name=$(echo "${service%.Service}" | tr '[:upper:]' '[:lower:]')
  port=$(free_port)
  mapfile -t environment < <(service_env "$name" "$port" "$service")
  mapfile -t entrypoint < <(dockerfile_array "src/$service/Dockerfile" ENTRYPOINT)
  setsid env -i -C "$work/publish/$service" PATH="$PATH" HOME="$HOME" "${environment[@]}" "${entrypoint[@]}" >"$work/$name.log" 2>&1 &
  pids+=($!)
  ports[$name]=$port
  dirs[$name]=$work/publish/$service
  projects[$name]=$service
done
for name in generator detector rootcause; do
  service=${projects[$name]}
  step_started=$(date +%s)
  wait_for_health "http://127.0.0.1:${ports[$name]}/health" 60 || { cat "$work/$name.log" >&2; fail "$name did not answer /health with 200 in 60 s"; }
  mapfile -t environment < <(service_env "$name" "${ports[$name]}" "$service")
  mapfile -t probe < <(dockerfile_array "src/$service/Dockerfile" 'HEALTHCHECK.*CMD')
  env -i -C "${dirs[$name]}" PATH="$PATH" HOME="$HOME" "${environment[@]}" "${probe[@]}" \
    || fail "$name: the HEALTHCHECK command (${probe[*]}) exited non-zero against a healthy service"
  say "start $name: /health 200 within $(( $(date +%s) - step_started )) s, HEALTHCHECK command (${probe[*]}) exit 0"
done

run_started=$(date +%s)
response=$(curl -sf -m 10 -X POST "http://127.0.0.1:${ports[generator]}/runs" -H 'Content-Type: application/json' \
  -d '{"records": 5000, "seed": 42}') || { cat "$work/generator.log" >&2; fail "POST /runs to the generator failed"; }
run_id=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["run_id"])' "$response")
status=""
for _ in $(seq 1 180); do
  status=$(curl -s -m 5 "http://127.0.0.1:${ports[rootcause]}/runs/$run_id" | python3 -c 'import json, sys
try: print(json.load(sys.stdin).get("status", ""))
except ValueError: print("")') || true
  [ "$status" = completed ] || [ "$status" = failed ] && break
  sleep 0.5
done
if [ "$status" != completed ]; then
  tail -n 30 "$work"/{generator,detector,rootcause}.log >&2
  fail "run $run_id did not complete within 90 s (status '$status')"
fi
for file in synthetic_data.csv synthetic_labels.csv incidents.json anomalies.json evaluation.json performance.json report.html; do
  test -s "$work/outputs/$run_id/$file" || fail "run $run_id: $file is missing from the shared run folder"
done
say "run $run_id (5,000 records): generator -> detector -> rootcause over the emulator, completed in $(( $(date +%s) - run_started )) s, seven files in the shared run folder"

# Stopped services: the HEALTHCHECK command must now fail, or it proves nothing.
for pid in "${pids[@]:1}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
for pid in "${pids[@]:1}"; do for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done; done
mapfile -t environment < <(service_env generator "${ports[generator]}" Generator.Service)
mapfile -t probe < <(dockerfile_array src/Generator.Service/Dockerfile 'HEALTHCHECK.*CMD')
if env -i -C "${dirs[generator]}" PATH="$PATH" HOME="$HOME" "${environment[@]}" "${probe[@]}" 2>/dev/null; then
  fail "the HEALTHCHECK command exited 0 with the generator stopped"
fi
say "HEALTHCHECK command against a stopped service: exit 1"
say "passed in $(( $(date +%s) - started )) s"
