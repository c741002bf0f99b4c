# Sourced: private container storage and engine settings for building and running the image on a
# machine without a Docker engine (podman/buildah as root; native overlay; runc, as crun refuses
# hybrid cgroup layouts; rlimits no higher than a sandbox's hard limits). Everything lives under
# SLIPWAY_CONTAINERS (default ~/.cache/slipway-containers), kept between runs.
SLIPWAY_CONTAINERS=${SLIPWAY_CONTAINERS:-${XDG_CACHE_HOME:-$HOME/.cache}/slipway-containers}
mkdir -p "$SLIPWAY_CONTAINERS"
cat >"$SLIPWAY_CONTAINERS/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$SLIPWAY_CONTAINERS/storage"
runroot = "$SLIPWAY_CONTAINERS/run"
CONF
# podman runs itself with nproc 32768 at most, and a container cannot be given more than it has.
nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
[ "$nofile" = unlimited ] || [ "$nofile" -gt 1048576 ] && nofile=1048576
[ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
cat >"$SLIPWAY_CONTAINERS/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
CONF
export SLIPWAY_CONTAINERS CONTAINERS_STORAGE_CONF="$SLIPWAY_CONTAINERS/storage.conf" CONTAINERS_CONF="$SLIPWAY_CONTAINERS/containers.conf"
