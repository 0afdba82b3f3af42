#!/bin/bash -eu
# Copyright 2026 the dmalab authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#
################################################################################
#
# OSS-Fuzz build of dmalab: the repository's own ClusterFuzzLite build script
# (.clusterfuzzlite/build.sh) builds every fuzz target of fuzz/targets.def
# with $CC $CFLAGS, links it with $LIB_FUZZING_ENGINE into $OUT and adds each
# target's seed corpus, dictionary and options. Kept there, not copied here,
# so that the two never drift apart. It finds the kernel tree the Dockerfile
# fetched through $DMALAB_KERNEL_CACHE and writes its objects under $WORK.
exec "$SRC/dmalab/.clusterfuzzlite/build.sh"
