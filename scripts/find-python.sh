#!/usr/bin/env bash
# Print the path of a Python 3.12+ interpreter: python3.13, python3.12 or
# python3 on PATH when new enough, else the newest one pyenv has installed.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
for name in python3.13 python3.12 python3; do
    path=$(command -v "$name" 2>/dev/null) || continue
    # pyenv shims exist for versions that are not selected; ask the shim itself.
    if ok "$path"; then
        "$path" -c 'import sys; print(sys.executable)'
        exit 0
    fi
done
if command -v pyenv >/dev/null 2>&1; then
    for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.|$)' | sort -rV); do
        root=$(pyenv root)
        candidate="$root/versions/$version/bin/python3"
        if [ -x "$candidate" ] && ok "$candidate"; then
            echo "$candidate"
            exit 0
        fi
    done
fi
echo "No Python 3.12 or newer found. Install one (for example 'pyenv install 3.13')" \
     "or put python3.12/python3.13 on PATH, then run make again." >&2
exit 1
