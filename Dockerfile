# pagewait: build and test image (Debian 12, g++ 12, cmake 3.25).
#
#   docker build -t pagewait .
#   docker run --rm pagewait                      # bash scripts/test.sh: all presets
#
# Relacy (header-only, BSD, not packaged anywhere) is never copied into this repository or
# its build context, so it is not baked into the image. The relacy preset finds it, in order:
#   1. RELACY_ROOT: a directory inside the container that contains relacy/relacy.hpp, e.g.
#        docker run --rm -v /path/to/relacy-checkout:/opt/relacy:ro -e RELACY_ROOT=/opt/relacy pagewait
#      (--build-arg RELACY_ROOT=/opt/relacy only sets the default of that variable in the image;
#      the directory itself still has to be mounted at run time);
#   2. relacy/relacy.hpp on the default include path (e.g. /usr/local/include);
#   3. FetchContent of dvyukov/relacy at the pinned commit, if the container has network access.
FROM debian:12

WORKDIR /src

# Dependencies first, so that editing the sources does not invalidate this layer. They
# include Debian's linux-source-6.1 / linux-source-6.12 (kernel mode reads them at build time).
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN bash scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*

ARG RELACY_ROOT=
ENV RELACY_ROOT=${RELACY_ROOT}

COPY . /src
RUN cmake --preset default && cmake --build --preset default -j2

CMD ["bash", "scripts/test.sh"]
