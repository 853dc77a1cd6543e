#!/bin/bash
# Usage: bench/issue17/gdpr.sh TREE OUT.json  (TREE: a checkout with .venv; e.g. `git archive`)
set -e
here=$(cd "$(dirname "$0")/../.." && pwd)
tree=$1; out=$2
cp "$here/tests/account/test_erasure.py" "$tree/tests/account/test_erasure.py"
python3 - "$tree/tests/account/test_erasure.py" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("from app.account import privacy\n", "try:\n    from app.account import privacy\n"
              "except ImportError:  # before issue 17 item 10\n    from app.auth import services as privacy\n")
open(p, "w").write(s)
PY
cp "$here/bench/issue17/gdpr_probe.py" "$tree/tests/account/test_gdpr_probe.py"
cd "$tree" && GDPR_OUT=$out .venv/bin/python -m pytest -q tests/account/test_gdpr_probe.py \
  --db=sqlite -p no:cacheprovider
