#!/usr/bin/env bash
# locale/ must be complete and compiled: the catalogues hold every string the
# code marks for translation, none is untranslated or fuzzy, and each .mo is
# what its .po compiles to. Run `make messages` to refresh them.
set -eu
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Extract from a copy of the sources so the working tree is left alone.
git ls-files -z --cached --others --exclude-standard \
    | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$tmp"
(cd "$tmp" && "$root/.venv/bin/python" manage.py makemessages --locale sv --locale en \
    --no-location --no-obsolete --ignore ".venv/*" --ignore "tests/*" \
    --ignore "bench/*" --ignore "staticfiles/*" >/dev/null)

status=0
for lang in sv en; do
    po="locale/$lang/LC_MESSAGES/django.po"
    if ! diff -q -I '^"POT-Creation-Date' "$po" "$tmp/$po" >/dev/null; then
        echo "$po is out of date with the code (run 'make messages' and translate):"
        diff -I '^"POT-Creation-Date' "$po" "$tmp/$po" | head -20
        status=1
    fi
    if [ -n "$(msgattrib --untranslated --no-obsolete "$po")" ]; then
        echo "$po has untranslated entries:"
        msgattrib --untranslated --no-obsolete "$po" | grep '^msgid' | head -10
        status=1
    fi
    if [ -n "$(msgattrib --only-fuzzy --no-obsolete "$po")" ]; then
        echo "$po has fuzzy entries"
        status=1
    fi
    msgfmt --check-format -o "$tmp/$lang.mo" "$po"
    if ! cmp -s "$tmp/$lang.mo" "locale/$lang/LC_MESSAGES/django.mo"; then
        echo "locale/$lang/LC_MESSAGES/django.mo is not compiled from its .po"
        status=1
    fi
done
[ $status -eq 0 ] && echo "locale/: complete and compiled"
exit $status
