#!/usr/bin/env bash
# Builds the offline base image of the Jib images: Debian 12 (debootstrap --variant=minbase) with Debian's
# OpenJDK 17 headless JRE, written as a `docker save`-style tarball that Jib reads as its base image with
#
#   -Djib.from.image=tar://<absolute path of the tarball>
#
# It is for machines that reach Debian's package archive but no container registry. Where a registry is
# reachable, Jib pulls the default base image (eclipse-temurin:17-jre) and this script is not needed.
#
# Usage (as root: debootstrap and chroot need it):
#   deploy/images/build-base-image.sh [OUTPUT.tar]
# default output: deploy/images/target/debian12-openjdk17-jre.tar (ignored by git, like every target/).
# DEBIAN_MIRROR (default http://deb.debian.org/debian) and DEBIAN_SUITE (default bookworm) choose the archive.
set -euo pipefail

root_dir="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root_dir/deploy/images/target/debian12-openjdk17-jre.tar}"
suite="${DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
tag="incident-monitor/base-jre17:${suite}"
java_home=/usr/lib/jvm/java-17-openjdk-amd64

if [[ "$(id -u)" != 0 ]]; then
  echo "build-base-image: run as root (debootstrap and chroot need it)" >&2
  exit 1
fi
command -v debootstrap >/dev/null || {
  echo "build-base-image: debootstrap not found: apt-get install debootstrap" >&2
  exit 1
}

work="$(mktemp -d /tmp/incident-monitor-base.XXXXXX)"
rootfs="$work/rootfs"
cleanup() {
  # debootstrap mounts /proc and /sys in the target while it installs; never delete through a mount.
  for m in proc sys dev/pts; do
    mountpoint -q "$rootfs/$m" 2>/dev/null && umount -l "$rootfs/$m" || true
  done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

echo "build-base-image: debootstrap $suite from $mirror (a few minutes)"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
  "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -30 "$work/debootstrap.log" >&2
  exit 1
}
test -x "$rootfs$java_home/bin/java" || {
  echo "build-base-image: no java in $java_home" >&2
  exit 1
}
# The dynamic loader resolves the JRE's $ORIGIN run path through /proc, as it will in a container.
mount -t proc proc "$rootfs/proc"
chroot "$rootfs" "$java_home/bin/java" -version
test -s "$rootfs/etc/ssl/certs/java/cacerts" || {
  echo "build-base-image: no Java trust store (ca-certificates-java did not run)" >&2
  exit 1
}

# What a runtime image does not need: package caches and lists, documentation, logs, and the device nodes
# debootstrap made (a container runtime mounts its own /dev, /proc, /sys and /run).
for m in proc sys dev/pts; do
  mountpoint -q "$rootfs/$m" && umount -l "$rootfs/$m"
done
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
  "$rootfs"/dev/* "$rootfs"/proc/* "$rootfs"/sys/* "$rootfs"/run/* "$rootfs"/tmp/* "$rootfs"/var/tmp/*
chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"

# One layer, in the layout of `docker save`: manifest.json, the image config named by its digest, the layer.
image="$work/image"
mkdir -p "$image"
tar --numeric-owner --sort=name -C "$rootfs" -cf "$image/layer.tar" .
diff_id="sha256:$(sha256sum "$image/layer.tar" | cut -d' ' -f1)"
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
cat >"$image/config.json" <<EOF
{
  "architecture": "amd64",
  "os": "linux",
  "created": "$created",
  "config": {
    "Env": [
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "JAVA_HOME=$java_home",
      "LANG=C.UTF-8"
    ],
    "Cmd": ["/bin/bash"]
  },
  "rootfs": {"type": "layers", "diff_ids": ["$diff_id"]},
  "history": [{"created": "$created", "created_by": "deploy/images/build-base-image.sh: debootstrap --variant=minbase $suite + openjdk-17-jre-headless"}]
}
EOF
config_digest="$(sha256sum "$image/config.json" | cut -d' ' -f1)"
mv "$image/config.json" "$image/$config_digest.json"
cat >"$image/manifest.json" <<EOF
[{"Config": "$config_digest.json", "RepoTags": ["$tag"], "Layers": ["layer.tar"]}]
EOF

mkdir -p "$(dirname "$out")"
tar -C "$image" -cf "$out.tmp" manifest.json "$config_digest.json" layer.tar
mv "$out.tmp" "$out"
echo "build-base-image: wrote $out ($(du -h "$out" | cut -f1), tag $tag)"
echo "build-base-image: build the images with -Djib.from.image=tar://$out"
