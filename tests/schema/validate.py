#!/usr/bin/env python3
"""Validates YAML files against a JSON Schema exported by `opgap schema`.

usage: validate.py SCHEMA.json EXPECT FILE...
EXPECT is "valid" (every file must validate) or "invalid" (every file must
be rejected). YAML is read as opgap reads it (YAML 1.2 core scalars: only
true/false are booleans, dates stay strings) before it is checked.
Prints one line per file that breaks the expectation; exits 1 if any did.
"""
import json
import re
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    pass


# opgap reads yes/no/on/off as strings and dates as text: drop PyYAML's
# YAML 1.1 resolvers for bool and timestamp and add the core-schema bool.
Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                             re.compile(r"^(?:true|false)$"), list("tf"))


def main():
    schema = json.load(open(sys.argv[1]))
    want_valid = sys.argv[2] == "valid"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    bad = 0
    for path in sys.argv[3:]:
        try:
            data = yaml.load(open(path, encoding="utf-8"), Loader=Loader)
            errors = list(validator.iter_errors(data))
        except (yaml.YAMLError, UnicodeDecodeError, ValueError) as e:
            errors = [e]
        if want_valid and errors:
            bad += 1
            e = errors[0]
            where = "/".join(str(p) for p in getattr(e, "absolute_path", []))
            print(f"{path}: rejected at /{where}: {getattr(e, 'message', e)}"[:300])
        elif not want_valid and not errors:
            bad += 1
            print(f"{path}: accepted, but opgap's loader rejects it")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
