#!/bin/sh
# patchcast-collect.sh: reads the facts Patchcast needs from this node and prints them as a node-facts
# JSON document (version 2, docs/agent/README.md), or posts it to Patchcast with an API token.
#
# POSIX sh; needs only POSIX utilities and coreutils (cat, readlink, basename, date, od, tr, sort, find) and,
# to post or to ask the instance metadata service, curl. Uses lsinitramfs, apt-cache and ethtool when they are
# installed; gzip, zstd or xz to read a compressed initramfs without lsinitramfs.
#
# Usage:
#   patchcast-collect.sh --cluster-id ID [--instance-id ID] [--provider aws|gcp|azure|self-hosted]
#                        [--region R] [--instance-type T] [--planned-kernel VERSION] [--no-metadata]
#                        [--root DIR] [--url https://patchcast.example --token-file FILE]
#
# Every option has an environment variable: PATCHCAST_CLUSTER_ID, PATCHCAST_INSTANCE_ID, PATCHCAST_PROVIDER,
# PATCHCAST_REGION, PATCHCAST_INSTANCE_TYPE, PATCHCAST_PLANNED_KERNEL, PATCHCAST_ROOT, PATCHCAST_URL,
# PATCHCAST_TOKEN (preferred over --token, which other users can see in the process list),
# PATCHCAST_COLLECTED_AT, PATCHCAST_METADATA_URL (the instance metadata service, http://169.254.169.254).
#
# Values are sent exactly as read (sysfs and DMI files end with a newline; it is kept): the server derives
# the facts from them. A file that cannot be read is left out: absent means unknown.
#
# The boot target ("planned"): the kernel given with --planned-kernel (a kernel release such as
# 6.1.0-21-amd64, or its package version such as 6.1.94-1), else the newest kernel under /lib/modules,
# which is the running one when no other is installed. Its modules, its initramfs, the command line grub
# will give it (/etc/default/grub and /etc/default/grub.d/*.cfg) and the candidate versions apt would
# install are reported with it.
#
# --root DIR reads everything below DIR instead of / (tests build fake trees there). The running kernel is
# then read from DIR/proc/sys/kernel/{osrelease,version,arch} rather than from uname, apt-cache reads the
# tree's apt state (-o Dir=DIR), ethtool is not run, and the metadata service is only asked when
# PATCHCAST_METADATA_URL is set.

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
PLANNED_KERNEL=${PATCHCAST_PLANNED_KERNEL:-}
METADATA_URL=${PATCHCAST_METADATA_URL:-}
METADATA=1

usage() {
    printf '%s\n' 'usage: patchcast-collect.sh --cluster-id ID [--instance-id ID] [--provider P] [--region R]' \
        '       [--instance-type T] [--planned-kernel VERSION] [--no-metadata] [--root DIR]' \
        '       [--url URL (--token-file FILE | --token T)]' >&2
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
        --planned-kernel) PLANNED_KERNEL=${2-}; shift 2 || usage ;;
        --no-metadata) METADATA=; shift ;;
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

# json_name VALUE: as json_str, without the character walk for the plain names module and package lists
# are made of (thousands of them).
json_name() {
    case $1 in
        *[!A-Za-z0-9._+:/~-]*) json_str "$1" ;;
        *) printf '"%s"' "$1" ;;
    esac
}

# json_lines FILE: a JSON array of the file's non-empty lines, each once, in order.
json_lines() {
    first=1
    printf '['
    while IFS= read -r item || [ -n "$item" ]; do
        [ -n "$item" ] || continue
        if [ -n "$first" ]; then first=; else printf ','; fi
        json_name "$item"
    done < "$1"
    printf ']'
}

WORK=$(mktemp -d) || exit 1
trap 'rm -rf "$WORK"' EXIT

# module_names: module names, one a line, from paths or names on standard input (ena.ko.xz -> ena).
module_names() {
    while IFS= read -r path || [ -n "$path" ]; do
        name=${path##*/}
        case $name in
            *.ko|*.ko.*) printf '%s\n' "${name%%.ko*}" ;;
        esac
    done | sort -u
}

# initramfs_modules FILE: the kernel modules an initramfs holds, one a line. lsinitramfs (initramfs-tools) or
# lsinitrd (dracut) when installed, which also read early-microcode archives; else the archive itself:
# decompressed by its magic, and the file names of the cpio read with tr (names are stored as plain text).
initramfs_modules() {
    image=$1
    [ -r "$image" ] || return 1
    if [ -z "$ROOT" ] && command -v lsinitramfs >/dev/null 2>&1; then
        lsinitramfs "$image" 2>/dev/null | module_names
        return 0
    fi
    if [ -z "$ROOT" ] && command -v lsinitrd >/dev/null 2>&1; then
        lsinitrd "$image" 2>/dev/null | tr -s ' ' '\n' | module_names
        return 0
    fi
    magic=$(od -An -tx1 -N6 "$image" 2>/dev/null | tr -d ' \n')
    case $magic in
        1f8b*) decompress="gzip -dc" ;;
        28b52ffd*) decompress="zstd -dcq" ;;
        fd377a585a00) decompress="xz -dc" ;;
        303730373031*|303730373032*) decompress=cat ;; # "070701": an uncompressed newc cpio
        *) return 1 ;;
    esac
    command -v "${decompress%% *}" >/dev/null 2>&1 || return 1
    $decompress < "$image" 2>/dev/null | tr -c 'A-Za-z0-9._/+-' '\n' | module_names
}

# kernel_modules DIR: the modules of the kernel whose tree is DIR (/lib/modules/<release>), one a line.
kernel_modules() {
    [ -d "$1" ] || return 1
    find "$1" -name '*.ko*' 2>/dev/null | module_names
}

# dpkg_versions PACKAGE...: "name version" for each installed package among those named, from dpkg's status.
dpkg_versions() {
    status=$ROOT/var/lib/dpkg/status
    [ -r "$status" ] || return 1
    wanted=" $* "
    pkg=
    ver=
    ok=
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            "Package: "*) pkg=${line#Package: }; ver=; ok= ;;
            "Status: "*" installed") ok=1 ;;
            "Version: "*) ver=${line#Version: } ;;
            "")
                case $wanted in *" $pkg "*) [ -n "$ok" ] && [ -n "$ver" ] && printf '%s %s\n' "$pkg" "$ver" ;; esac
                pkg=; ver=; ok=
                ;;
        esac
    done < "$status"
    case $wanted in *" $pkg "*) [ -n "$ok" ] && [ -n "$ver" ] && printf '%s %s\n' "$pkg" "$ver" ;; esac
    return 0
}

# json_pairs FILE: a JSON object of the "name value" lines of FILE.
json_pairs() {
    obj=
    while IFS=' ' read -r key value || [ -n "$key" ]; do
        [ -n "$key" ] || continue
        if [ -n "$obj" ]; then obj="$obj,"; fi
        obj="$obj$(json_str "$key"):$(json_str "$value")"
    done < "$1"
    printf '{%s}' "$obj"
}

# metadata PATH [HEADER]: a value of the instance metadata service, with a short timeout; fails when there is
# none. IMDSv2 on AWS: the session token is fetched once and sent with every request.
metadata() {
    [ -n "$METADATA" ] && command -v curl >/dev/null 2>&1 || return 1
    curl -fsS --connect-timeout 1 --max-time 2 ${2:+-H "$2"} "${METADATA_URL%/}/$1" 2>/dev/null
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

# --- version 2: the running system beyond the kernel version ------------------------------------------

TRACKED_PACKAGES="systemd udev grub-pc grub-efi-amd64 grub-efi-amd64-signed grub-efi-arm64 shim-signed netplan.io
network-manager ifupdown cloud-init initramfs-tools dracut open-vm-tools"
PARAM_MODULES="nvme_core nvme ena gve virtio_net xen_netfront xen_blkfront hv_netvsc hv_storvsc mana mlx5_core
mlx4_en ixgbevf ice i40e bnxt_en"

cmdline=
read_raw "$ROOT/proc/cmdline" && cmdline=$RAW

# Parameters of the drivers the rules ask about, as sysfs has them now ("nvme_core.io_timeout": "30\n").
params=
for m in $PARAM_MODULES; do
    for f in "$ROOT/sys/module/$m/parameters/"*; do
        read_raw "$f" || continue
        if [ -n "$params" ]; then params="$params,"; fi
        params="$params$(json_str "$m.${f##*/}"):$(json_str "$RAW")"
    done
done

# hex_id FILE: a sysfs vendor or device id ("0x8086\n") as 8086.
hex_id() {
    read_line "$1" || return 1
    printf '%s' "${RAW#0x}"
}

# Each network interface but lo: name, driver and its version, firmware (ethtool), PCI id, MTU, master.
ifaces=
for dev in "$ROOT"/sys/class/net/*; do
    [ -d "$dev" ] || continue
    name=${dev##*/}
    [ "$name" = lo ] && continue
    obj="$(json_str name):$(json_str "$name")"
    if [ -e "$dev/device/driver" ] || [ -L "$dev/device/driver" ]; then
        drv=$(basename "$(readlink "$dev/device/driver")")
        obj="$obj,$(json_str driver):$(json_str "$drv")"
        if read_raw "$ROOT/sys/module/$drv/version"; then
            obj="$obj,$(json_str driverVersion):$(json_str "$RAW")"
        fi
        if [ -z "$ROOT" ] && command -v ethtool >/dev/null 2>&1; then
            fw=$(ethtool -i "$name" 2>/dev/null | sed -n 's/^firmware-version: //p')
            [ -n "$fw" ] && obj="$obj,$(json_str firmwareVersion):$(json_str "$fw")"
        fi
        if vendor=$(hex_id "$dev/device/vendor") && device=$(hex_id "$dev/device/device"); then
            obj="$obj,$(json_str pciId):$(json_str "$vendor:$device")"
        fi
    fi
    if read_raw "$dev/mtu"; then
        obj="$obj,$(json_str mtu):$(json_str "$RAW")"
    fi
    if [ -L "$dev/master" ]; then
        obj="$obj,$(json_str master):$(json_str "$(basename "$(readlink "$dev/master")")")"
    fi
    if [ -n "$ifaces" ]; then ifaces="$ifaces,"; fi
    ifaces="$ifaces{$obj}"
done

# Every PCI device, vendor:device (MANA is 1414:00ba).
pci=
pci_read=
for d in "$ROOT"/sys/bus/pci/devices/*; do
    [ -d "$d" ] || continue
    pci_read=1
    vendor=$(hex_id "$d/vendor") && device=$(hex_id "$d/device") || continue
    if [ -n "$pci" ]; then pci="$pci,"; fi
    pci="$pci$(json_str "$vendor:$device")"
done

# How networking is configured: netplan renders for networkd or NetworkManager, so it is named first.
renderer=
if [ -n "$(find "$ROOT/etc/netplan" -name '*.yaml' 2>/dev/null | head -n 1)" ]; then
    renderer=netplan
elif [ -e "$ROOT/etc/systemd/system/multi-user.target.wants/NetworkManager.service" ]; then
    renderer=networkmanager
elif [ -n "$(find "$ROOT/etc/systemd/network" -name '*.network' 2>/dev/null | head -n 1)" ]; then
    renderer=networkd
elif [ -r "$ROOT/etc/network/interfaces" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            *iface*lo*) ;;
            *iface*) renderer=ifupdown ;;
        esac
    done < "$ROOT/etc/network/interfaces"
fi

# Boot mode, and the SecureBoot EFI variable: 4 attribute bytes, then 1 for enabled.
boot_obj=
if [ -d "$ROOT/sys/firmware/efi" ]; then
    boot_obj="$(json_str mode):$(json_str uefi)"
    for var in "$ROOT"/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c; do
        [ -r "$var" ] || continue
        sb=$(od -An -tu1 -j4 -N1 "$var" 2>/dev/null | tr -d ' \n')
        case $sb in
            1) boot_obj="$boot_obj,$(json_str secureBoot):$(json_str enabled)" ;;
            0) boot_obj="$boot_obj,$(json_str secureBoot):$(json_str disabled)" ;;
        esac
    done
else
    boot_obj="$(json_str mode):$(json_str bios)"
fi

# Installed versions of the tracked packages.
installed=
# shellcheck disable=SC2086
if dpkg_versions $TRACKED_PACKAGES > "$WORK/installed"; then
    installed=$(json_pairs "$WORK/installed")
fi

# candidates: "name version" of what apt would install, from apt-cache policy (the tree's apt state with --root).
candidates() {
    command -v apt-cache >/dev/null 2>&1 || return 1
    pkg=
    # shellcheck disable=SC2086
    if [ -n "$ROOT" ]; then apt-cache -o Dir="$ROOT" policy $TRACKED_PACKAGES; else apt-cache policy $TRACKED_PACKAGES; fi \
        2>/dev/null | while read -r first second rest; do
            case $first in
                Candidate:) [ -n "$pkg" ] && [ "$second" != "(none)" ] && printf '%s %s\n' "$pkg" "$second" ;;
                *:) if [ -z "$second" ]; then pkg=${first%:}; pkg=${pkg%%:*}; fi ;; # "systemd:" or "systemd:amd64:"
            esac
        done
    return 0
}

# The running kernel's modules (built-in ones listed apart) and its initramfs.
kmods=
kbuiltin=
kinitramfs=
if [ -n "$k_release" ]; then
    if kernel_modules "$ROOT/lib/modules/$k_release" > "$WORK/kmods"; then kmods=$(json_lines "$WORK/kmods"); fi
    if [ -r "$ROOT/lib/modules/$k_release/modules.builtin" ]; then
        module_names < "$ROOT/lib/modules/$k_release/modules.builtin" > "$WORK/kbuiltin"
        kbuiltin=$(json_lines "$WORK/kbuiltin")
    fi
    if initramfs_modules "$ROOT/boot/initrd.img-$k_release" > "$WORK/kinit"; then kinitramfs=$(json_lines "$WORK/kinit"); fi
fi

# --- version 2: the boot target ---------------------------------------------------------------------

# kernel_of_version VERSION: the kernel release whose linux-image package has this version.
kernel_of_version() {
    status=$ROOT/var/lib/dpkg/status
    [ -r "$status" ] || return 1
    pkg=
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            "Package: linux-image-"*) pkg=${line#Package: linux-image-} ;;
            "Package: "*) pkg= ;;
            "Version: $1") if [ -n "$pkg" ] && [ -d "$ROOT/lib/modules/$pkg" ]; then printf '%s' "$pkg"; return 0; fi ;;
        esac
    done < "$status"
    return 1
}

planned_rel=
if [ -n "$PLANNED_KERNEL" ]; then
    if [ -d "$ROOT/lib/modules/$PLANNED_KERNEL" ]; then
        planned_rel=$PLANNED_KERNEL
    else
        planned_rel=$(kernel_of_version "$PLANNED_KERNEL") || planned_rel=
    fi
    if [ -z "$planned_rel" ]; then
        printf 'patchcast-collect: --planned-kernel %s: no such kernel under /lib/modules nor a linux-image package of that version\n' \
            "$PLANNED_KERNEL" >&2
        exit 2
    fi
elif [ -d "$ROOT/lib/modules" ]; then
    planned_rel=$(ls "$ROOT/lib/modules" 2>/dev/null | sort -V | tail -n 1)
fi

# grub_value TEXT: a GRUB_CMDLINE_* value as grub's shell would read it: quotes removed, the two variables
# expanded (grub.d files often append: GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX net.ifnames=0").
grub_value() {
    v=$1
    case $v in
        \"*\") v=${v#\"}; v=${v%\"} ;;
        \'*\') v=${v#\'}; v=${v%\'} ;;
    esac
    for var in GRUB_CMDLINE_LINUX_DEFAULT GRUB_CMDLINE_LINUX; do
        eval "val=\$g_$var"
        for form in "\${$var}" "\$$var"; do
            while :; do
                case $v in
                    *"$form"*) v="${v%%"$form"*}$val${v#*"$form"}" ;;
                    *) break ;;
                esac
            done
        done
    done
    printf '%s' "$v"
}

# The command line grub gives the next boot: GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT from
# /etc/default/grub, then /etc/default/grub.d/*.cfg in order, read without running them.
planned_cmdline=
g_GRUB_CMDLINE_LINUX=
g_GRUB_CMDLINE_LINUX_DEFAULT=
grub_found=
for f in "$ROOT/etc/default/grub" "$ROOT"/etc/default/grub.d/*.cfg; do
    [ -r "$f" ] || continue
    grub_found=1
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            GRUB_CMDLINE_LINUX=*) g_GRUB_CMDLINE_LINUX=$(grub_value "${line#GRUB_CMDLINE_LINUX=}") ;;
            GRUB_CMDLINE_LINUX_DEFAULT=*) g_GRUB_CMDLINE_LINUX_DEFAULT=$(grub_value "${line#GRUB_CMDLINE_LINUX_DEFAULT=}") ;;
        esac
    done < "$f"
done
if [ -n "$grub_found" ]; then
    planned_cmdline="$g_GRUB_CMDLINE_LINUX $g_GRUB_CMDLINE_LINUX_DEFAULT"
fi

planned_obj=
if [ -n "$planned_rel" ]; then
    pdir=$ROOT/lib/modules/$planned_rel
    if dpkg_versions "linux-image-$planned_rel" > "$WORK/pkg" && [ -s "$WORK/pkg" ]; then
        read -r _ pver < "$WORK/pkg"
        planned_obj="$(json_str kernelPackage):{$(json_str name):$(json_str "linux-image-$planned_rel"),$(json_str version):$(json_str "$pver")}"
    else
        planned_obj="$(json_str kernelPackage):{$(json_str name):$(json_str "linux-image-$planned_rel")}"
    fi
    if kernel_modules "$pdir" > "$WORK/pmods"; then
        planned_obj="$planned_obj,$(json_str kernelModules):$(json_lines "$WORK/pmods")"
    fi
    if [ -r "$pdir/modules.builtin" ]; then
        module_names < "$pdir/modules.builtin" > "$WORK/pbuiltin"
        planned_obj="$planned_obj,$(json_str builtinModules):$(json_lines "$WORK/pbuiltin")"
    fi
    if initramfs_modules "$ROOT/boot/initrd.img-$planned_rel" > "$WORK/pinit"; then
        planned_obj="$planned_obj,$(json_str initramfsModules):$(json_lines "$WORK/pinit")"
    fi
fi
if [ -n "$grub_found" ]; then
    if [ -n "$planned_obj" ]; then planned_obj="$planned_obj,"; fi
    planned_obj="$planned_obj$(json_str cmdline):$(json_str "$planned_cmdline")"
fi
if candidates > "$WORK/candidates" && [ -s "$WORK/candidates" ]; then
    if [ -n "$planned_obj" ]; then planned_obj="$planned_obj,"; fi
    planned_obj="$planned_obj$(json_str packages):$(json_pairs "$WORK/candidates")"
fi

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
# The instance metadata service, with a short timeout: IMDSv2 on AWS (a session token first), the
# Metadata-Flavor header on GCP, Metadata: true on Azure. Not asked for self-hosted nodes, nor with --root
# unless PATCHCAST_METADATA_URL names one.
if [ -n "$ROOT" ] && [ -z "$METADATA_URL" ]; then
    METADATA=
fi
[ -n "$METADATA_URL" ] || METADATA_URL=http://169.254.169.254
cloud=
md_instance_id=
case $PROVIDER in
    aws)
        token=
        if [ -n "$METADATA" ] && command -v curl >/dev/null 2>&1; then
            token=$(curl -fsS --connect-timeout 1 --max-time 2 -X PUT \
                -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' "${METADATA_URL%/}/latest/api/token" 2>/dev/null) || token=
        fi
        if [ -n "$METADATA" ] && [ -n "$token" ]; then
            h="X-aws-ec2-metadata-token: $token"
            aws=
            if v=$(metadata latest/meta-data/instance-id "$h"); then md_instance_id=$v; aws="$(json_str instanceId):$(json_str "$v")"; fi
            if v=$(metadata latest/meta-data/instance-type "$h"); then
                aws="${aws:+$aws,}$(json_str instanceType):$(json_str "$v")"
                [ -n "$INSTANCE_TYPE" ] || INSTANCE_TYPE=$v
            fi
            if v=$(metadata latest/meta-data/placement/availability-zone "$h"); then
                aws="${aws:+$aws,}$(json_str availabilityZone):$(json_str "$v")"
                [ -n "$REGION" ] || REGION=${v%[a-z]}
            fi
            [ -n "$aws" ] && cloud="$(json_str aws):{$aws}"
        fi
        ;;
    gcp)
        h='Metadata-Flavor: Google'
        gcp=
        if v=$(metadata computeMetadata/v1/instance/id "$h"); then md_instance_id=$v; gcp="$(json_str instanceId):$(json_str "$v")"; fi
        if v=$(metadata computeMetadata/v1/instance/machine-type "$h"); then
            gcp="${gcp:+$gcp,}$(json_str machineType):$(json_str "$v")"
            [ -n "$INSTANCE_TYPE" ] || INSTANCE_TYPE=${v##*/}
        fi
        if v=$(metadata computeMetadata/v1/instance/zone "$h"); then
            gcp="${gcp:+$gcp,}$(json_str zone):$(json_str "$v")"
            zone=${v##*/}
            [ -n "$REGION" ] || REGION=${zone%-*}
        fi
        nics=
        n=0
        while [ $n -lt 16 ] && v=$(metadata "computeMetadata/v1/instance/network-interfaces/$n/nic-type" "$h"); do
            nics="${nics:+$nics,}$(json_str "$v")"
            n=$((n + 1))
        done
        [ -n "$nics" ] && gcp="${gcp:+$gcp,}$(json_str nicTypes):[$nics]"
        [ -n "$gcp" ] && cloud="$(json_str gcp):{$gcp}"
        ;;
    azure)
        h='Metadata: true'
        az=
        q='?api-version=2021-02-01&format=text'
        if v=$(metadata "metadata/instance/compute/vmId$q" "$h"); then md_instance_id=$v; az="$(json_str vmId):$(json_str "$v")"; fi
        if v=$(metadata "metadata/instance/compute/vmSize$q" "$h"); then
            az="${az:+$az,}$(json_str vmSize):$(json_str "$v")"
            [ -n "$INSTANCE_TYPE" ] || INSTANCE_TYPE=$v
        fi
        if v=$(metadata "metadata/instance/compute/location$q" "$h"); then
            az="${az:+$az,}$(json_str location):$(json_str "$v")"
            [ -n "$REGION" ] || REGION=$v
        fi
        [ -n "$az" ] && cloud="$(json_str azure):{$az}"
        ;;
esac

if [ -z "$INSTANCE_TYPE" ] && [ "$dmi_vendor" = "Amazon EC2" ]; then
    INSTANCE_TYPE=$dmi_product # Nitro names the instance type as the DMI product
fi
if [ -z "$INSTANCE_ID" ] && [ -n "$md_instance_id" ]; then
    INSTANCE_ID=$md_instance_id # the provider's id, which outlives hostname changes
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
add_member factsVersion 2
[ -n "$cmdline" ] && add_member cmdline "$(json_str "$cmdline")"
add_member moduleParameters "{$params}"
[ -n "$kmods" ] && add_member kernelModules "$kmods"
[ -n "$kbuiltin" ] && add_member builtinModules "$kbuiltin"
[ -n "$kinitramfs" ] && add_member initramfsModules "$kinitramfs"
add_member interfaces "[$ifaces]"
[ -n "$pci_read" ] && add_member pciDevices "[$pci]"
[ -n "$renderer" ] && add_member networkRenderer "$(json_str "$renderer")"
add_member boot "{$boot_obj}"
[ -n "$installed" ] && add_member packages "$installed"
[ -n "$cloud" ] && add_member cloud "{$cloud}"
[ -n "$planned_obj" ] && add_member planned "{$planned_obj}"
document="{$members}"

if [ -z "$URL" ]; then
    printf '%s\n' "$document"
    exit 0
fi
if [ -z "$TOKEN" ]; then
    printf 'patchcast-collect: posting needs a token (PATCHCAST_TOKEN or --token-file)\n' >&2
    exit 2
fi
# the token goes to curl in a header file, so it is not in the process list
header_file=$WORK/headers
printf 'Authorization: Bearer %s\n' "$TOKEN" > "$header_file"
status=$(printf '%s' "$document" | curl -sS -o "$WORK/response" -w '%{http_code}' -X POST -H @"$header_file" \
    -H 'Content-Type: application/json' --data-binary @- "${URL%/}/api/v1/facts") || {
    printf 'patchcast-collect: could not reach %s\n' "$URL" >&2
    exit 1
}
case $status in
    2??)
        cat "$WORK/response"
        printf '\n'
        ;;
    *)
        # the server says why in a problem+json body (title, detail, errors[].field): show it, not just the status
        detail=$(sed -n 's/.*"detail" *: *"\([^"]*\)".*/\1/p' "$WORK/response" | head -n 1)
        printf 'patchcast-collect: the server refused the facts (HTTP %s)%s\n' "$status" "${detail:+: $detail}" >&2
        cat "$WORK/response" >&2
        printf '\n' >&2
        exit 1
        ;;
esac
