#!/bin/sh
# patchcast-collect.sh: reads the facts Patchcast needs from this node and prints them as a node-facts
# JSON document, or posts it to Patchcast with an API token.
#
# POSIX sh; needs only coreutils (cat, readlink, basename, date, od) and, to post, curl.
#
# Usage:
#   patchcast-collect.sh --cluster-id ID [--instance-id ID] [--provider aws|gcp|azure|self-hosted]
#                        [--region R] [--instance-type T] [--root DIR]
#                        [--url https://patchcast.example --token-file FILE]
#
# Every option has an environment variable: PATCHCAST_CLUSTER_ID, PATCHCAST_INSTANCE_ID, PATCHCAST_PROVIDER,
# PATCHCAST_REGION, PATCHCAST_INSTANCE_TYPE, PATCHCAST_ROOT, PATCHCAST_URL, PATCHCAST_TOKEN (preferred
# over --token, which other users can see in the process list), PATCHCAST_COLLECTED_AT.
#
# Values are sent exactly as read (sysfs and DMI files end with a newline; it is kept): the server derives
# the facts from them. A file that cannot be read is left out: absent means unknown.
#
# --root DIR reads everything below DIR instead of / (tests build fake trees there). The running kernel is
# then read from DIR/proc/sys/kernel/{osrelease,version,arch} rather than from uname.

set -u

ROOT=${PATCHCAST_ROOT:-}
CLUSTER_ID=${PATCHCAST_CLUSTER_ID:-}
INSTANCE_ID=${PATCHCAST_INSTANCE_ID:-}
PROVIDER=${PATCHCAST_PROVIDER:-}
REGION=${PATCHCAST_REGION:-}
INSTANCE_TYPE=${PATCHCAST_INSTANCE_TYPE:-}
URL=${PATCHCAST_URL:-}
TOKEN=${PATCHCAST_TOKEN:-}
COLLECTED_AT=${PATCHCAST_COLLECTED_AT:-}

usage() {
    printf '%s\n' 'usage: patchcast-collect.sh --cluster-id ID [--instance-id ID] [--provider P] [--region R]' \
        '       [--instance-type T] [--root DIR] [--url URL (--token-file FILE | --token T)]' >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
        --cluster-id) CLUSTER_ID=${2-}; shift 2 || usage ;;
        --instance-id) INSTANCE_ID=${2-}; shift 2 || usage ;;
        --provider) PROVIDER=${2-}; shift 2 || usage ;;
        --region) REGION=${2-}; shift 2 || usage ;;
        --instance-type) INSTANCE_TYPE=${2-}; shift 2 || usage ;;
        --root) ROOT=${2-}; shift 2 || usage ;;
        --url) URL=${2-}; shift 2 || usage ;;
        --token) TOKEN=${2-}; shift 2 || usage ;;
        --token-file) TOKEN=$(cat "${2-}") || exit 1; shift 2 || usage ;;
        -h|--help) usage ;;
        *) printf 'unknown option: %s\n' "$1" >&2; usage ;;
    esac
done

ROOT=${ROOT%/}
NL='
'

# --- JSON -------------------------------------------------------------------------------------------

# json_str VALUE: VALUE as a JSON string literal. Escapes quote, backslash and every control character, so
# sysfs newlines arrive as \n. Walks the string character by character: values are short.
json_str() {
    rest=$1
    out=
    while [ -n "$rest" ]; do
        tail=${rest#?}
        ch=${rest%"$tail"}
        rest=$tail
        case $ch in
            \") out="$out\\\"" ;;
            \\) out="$out\\\\" ;;
            "$NL") out="$out\\n" ;;
            [[:cntrl:]]) out="$out$(printf '\\u%04x' "'$ch")" ;;
            *) out="$out$ch" ;;
        esac
    done
    printf '"%s"' "$out"
}

# read_raw FILE: sets RAW to the file's content with its trailing newlines kept (a command substitution
# would drop them, so the result is passed in a variable); fails if the file cannot be read.
read_raw() {
    RAW=
    [ -f "$1" ] && [ -r "$1" ] || return 1
    RAW=$(cat "$1" 2>/dev/null && printf x) || { RAW=; return 1; }
    RAW=${RAW%x}
}

# read_line FILE: sets RAW to the file's content without its final newline, as a command would print it.
read_line() {
    read_raw "$1" || return 1
    RAW=${RAW%"$NL"}
}

# Members of the object being built, joined by commas.
members=
add_member() { # name json-value
    if [ -n "$members" ]; then members="$members,"; fi
    members="$members$(json_str "$1"):$2"
}

# map_from_files DIR name... : a JSON object of the named files under DIR that can be read.
map_from_files() {
    dir=$1
    shift
    obj=
    for name in "$@"; do
        if read_raw "$dir/$name"; then
            if [ -n "$obj" ]; then obj="$obj,"; fi
            obj="$obj$(json_str "$name"):$(json_str "$RAW")"
        fi
    done
    printf '{%s}' "$obj"
}

# --- facts ------------------------------------------------------------------------------------------

sysfs=$(map_from_files "$ROOT/sys" hypervisor/type hypervisor/uuid hypervisor/version/major \
    hypervisor/version/minor hypervisor/version/extra)
DMI_DIR=$ROOT/sys/devices/virtual/dmi/id
dmi=$(map_from_files "$DMI_DIR" sys_vendor product_name product_version bios_vendor bios_version \
    board_vendor board_asset_tag chassis_vendor chassis_asset_tag)

# The running kernel: uname on a real node; the fake root's /proc files in tests.
if [ -n "$ROOT" ]; then
    # /proc ends its values with a newline that uname does not print
    read_line "$ROOT/proc/sys/kernel/osrelease"; k_release=$RAW
    read_line "$ROOT/proc/sys/kernel/version"; k_version=$RAW
    read_line "$ROOT/proc/sys/kernel/arch"; k_machine=$RAW
else
    k_release=$(uname -r)
    k_version=$(uname -v)
    k_machine=$(uname -m)
fi
uname_obj=
for pair in release version machine; do
    eval "v=\$k_$pair"
    if [ -n "$v" ]; then
        if [ -n "$uname_obj" ]; then uname_obj="$uname_obj,"; fi
        uname_obj="$uname_obj$(json_str "$pair"):$(json_str "$v")"
    fi
done

# /etc/os-release: KEY=value lines, values kept as written (quotes included; the server unquotes).
os_obj=
os_file=$ROOT/etc/os-release
[ -r "$os_file" ] || os_file=$ROOT/usr/lib/os-release
if [ -r "$os_file" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            [A-Z]*=*)
                key=${line%%=*}
                case $key in *[!A-Z0-9_]*) continue ;; esac
                if [ -n "$os_obj" ]; then os_obj="$os_obj,"; fi
                os_obj="$os_obj$(json_str "$key"):$(json_str "${line#*=}")"
                ;;
        esac
    done < "$os_file"
fi

# The installed package of the running kernel, from dpkg's status file (no dpkg-query needed).
kernel_pkg=
status_file=$ROOT/var/lib/dpkg/status
if [ -n "$k_release" ] && [ -r "$status_file" ]; then
    want="linux-image-$k_release"
    pkg=
    ver=
    installed=
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            "Package: "*) pkg=${line#Package: }; ver=; installed= ;;
            "Status: "*"installed") installed=1 ;;
            "Version: "*) ver=${line#Version: } ;;
            "")
                if [ "$pkg" = "$want" ] && [ -n "$installed" ] && [ -n "$ver" ]; then break; fi
                pkg=; ver=; installed=
                ;;
        esac
    done < "$status_file"
    if [ "$pkg" = "$want" ] && [ -n "$installed" ] && [ -n "$ver" ]; then
        kernel_pkg="{$(json_str name):$(json_str "$want"),$(json_str version):$(json_str "$ver")}"
    fi
fi

# NIC drivers: the driver link of each network device that has one (lo and bridges have none).
drivers=
seen=" "
for link in "$ROOT"/sys/class/net/*/device/driver; do
    [ -e "$link" ] || [ -L "$link" ] || continue
    target=$(readlink "$link") || continue
    name=$(basename "$target")
    case $seen in *" $name "*) continue ;; esac
    seen="$seen$name "
    if [ -n "$drivers" ]; then drivers="$drivers,"; fi
    drivers="$drivers$(json_str "$name")"
done

# What the node can say about where it runs, when not given.
read_line "$DMI_DIR/sys_vendor"; dmi_vendor=$RAW
read_line "$DMI_DIR/product_name"; dmi_product=$RAW
if [ -z "$PROVIDER" ]; then
    read_line "$ROOT/sys/hypervisor/uuid"; hv_uuid=$RAW
    case "$dmi_vendor|$hv_uuid" in
        "Amazon EC2|"*|*"|ec2"*) PROVIDER=aws ;;
        "Google|"*) PROVIDER=gcp ;;
        "Microsoft Corporation|"*) PROVIDER=azure ;;
        *) PROVIDER=self-hosted ;;
    esac
fi
if [ -z "$INSTANCE_TYPE" ] && [ "$dmi_vendor" = "Amazon EC2" ]; then
    INSTANCE_TYPE=$dmi_product # Nitro names the instance type as the DMI product
fi
if [ -z "$INSTANCE_ID" ]; then
    read_line "$DMI_DIR/board_asset_tag"; tag=$RAW
    case $tag in
        i-*) INSTANCE_ID=$tag ;; # Nitro puts the instance id there
        *) read_line "$ROOT/etc/hostname"; INSTANCE_ID=$RAW ;;
    esac
fi
[ -n "$COLLECTED_AT" ] || COLLECTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)

if [ -z "$CLUSTER_ID" ]; then
    printf 'patchcast-collect: --cluster-id (or PATCHCAST_CLUSTER_ID) is required\n' >&2
    exit 2
fi

add_member clusterId "$(json_str "$CLUSTER_ID")"
[ -n "$INSTANCE_ID" ] && add_member instanceId "$(json_str "$INSTANCE_ID")"
add_member provider "$(json_str "$PROVIDER")"
[ -n "$REGION" ] && add_member region "$(json_str "$REGION")"
[ -n "$INSTANCE_TYPE" ] && add_member instanceType "$(json_str "$INSTANCE_TYPE")"
add_member sysfs "$sysfs"
add_member dmi "$dmi"
add_member uname "{$uname_obj}"
add_member osRelease "{$os_obj}"
[ -n "$kernel_pkg" ] && add_member kernelPackage "$kernel_pkg"
add_member netDrivers "[$drivers]"
add_member collectedAt "$(json_str "$COLLECTED_AT")"
document="{$members}"

if [ -z "$URL" ]; then
    printf '%s\n' "$document"
    exit 0
fi
if [ -z "$TOKEN" ]; then
    printf 'patchcast-collect: posting needs a token (PATCHCAST_TOKEN or --token-file)\n' >&2
    exit 2
fi
# the token goes to curl on standard input's sibling, a header file, so it is not in the process list
header_file=$(mktemp) || exit 1
trap 'rm -f "$header_file"' EXIT
printf 'Authorization: Bearer %s\n' "$TOKEN" > "$header_file"
printf '%s' "$document" | curl -fsS -X POST -H @"$header_file" -H 'Content-Type: application/json' \
    --data-binary @- "${URL%/}/api/v1/facts"
