#!/usr/bin/env python3
"""Writes the example DHIS2 export and mapping of the NSP data set (see README.md).

The exports hold the same indicator values and report submissions as
../nsp-2019-2023/monitoring.json, as a DHIS2 instance set up for the NSP would export
them: data value sets in JSON (quarterly indicators) and CSV (monthly and annual ones),
complete data set registrations in JSON, and mapping.json, which names the DHIS2 ids.

Deterministic: the Python 3 standard library, no clock, no randomness; ids are made from
the planwatch ids with SHA-1, so two runs write identical bytes.
"""

import csv
import hashlib
import io
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
NSP = os.path.join(HERE, "..", "nsp-2019-2023")

# DHIS2's id of the default category (and attribute) option combo.
DEFAULT_COMBO = "HllvX50cXC0"
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALPHANUMERIC = LETTERS + "0123456789"
STORED_BY = "nsp-example"

# The value planwatch never reads and the registration it leaves out, to show both: a
# data value deleted in DHIS2 (exported with includeDeleted) and a registration undone.
DELETED = ("cases_investigated", "2021Q2")
UNDONE = ("pcct-kampot", "monthly", "2020-04")


def uid(label):
    """A DHIS2-like id (a letter, then 10 letters or digits) derived from `label`."""
    digest = hashlib.sha1(label.encode("utf-8")).digest()
    chars = [LETTERS[digest[0] % len(LETTERS)]]
    chars += [ALPHANUMERIC[b % len(ALPHANUMERIC)] for b in digest[1:11]]
    return "".join(chars)


def dhis2_period(report_type, period):
    """The DHIS2 id of a planwatch period of the NSP (fiscal year = calendar year)."""
    if report_type == "monthly":
        return period.replace("-", "")
    if report_type == "ten_month":
        # DHIS2 has no 10-month periods: the report is kept under its fiscal year.
        return period[:4]
    return period  # 2019Q1, 2019S1, 2019 are written alike


def text(value):
    """A value as DHIS2 writes it: text, integers without a decimal point."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value) if isinstance(value, float) else str(value)


def timestamp(day):
    return day + "T09:30:00.000"


def dump(path, doc):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


def dump_rows(path, key, rows):
    """A DHIS2 export: one object holding `key`, a list of rows, one row a line."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"%s": [\n' % key)
        f.write(",\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
        f.write("\n]}\n")


def main():
    with open(os.path.join(NSP, "plan.json"), encoding="utf-8") as f:
        plan = json.load(f)
    with open(os.path.join(NSP, "monitoring.json"), encoding="utf-8") as f:
        monitoring = json.load(f)
    indicators = {i["id"]: i for i in plan["indicators"]}

    org_units = {uid("ou:" + o["id"]): o["id"] for o in plan["organisations"]}
    ou = {org: key for key, org in org_units.items()}
    data_sets = {
        uid("ds:" + o["id"]): {"obligation": o["id"], "report_type": o["report_type"]}
        for o in plan["reporting_obligations"]
    }
    ds = {v["report_type"]: key for key, v in data_sets.items()}

    # One data element per indicator for the total, and one per dimension of a broken-down
    # indicator, whose category option combos are that dimension's categories.
    data_elements = {}
    total_de, part_de, combo = {}, {}, {}
    for ind in plan["indicators"]:
        key = uid("de:" + ind["id"])
        total_de[ind["id"]] = key
        data_elements[key] = {"indicator": ind["id"]}
        if ind.get("disaggregations"):
            # explicit: the default combo is the total, any other combo an error
            data_elements[key]["category_option_combos"] = {DEFAULT_COMBO: {}}
        for d in ind.get("disaggregations", []):
            key = uid("de:%s:%s" % (ind["id"], d["dimension"]))
            part_de[(ind["id"], d["dimension"])] = key
            combos = {}
            for cat in d["categories"]:
                c = uid("coc:%s:%s" % (d["dimension"], cat))
                combo[(d["dimension"], cat)] = c
                combos[c] = {d["dimension"]: cat}
            data_elements[key] = {"indicator": ind["id"], "category_option_combos": combos}

    mapping = {
        "plan": plan["id"],
        "notes": [
            "Example mapping of a DHIS2 instance set up for the NSP: its ids are made up "
            "(SHA-1 of the planwatch ids) by examples/dhis2/generate.py; see README.md.",
            "One data set per reporting obligation; one data element per indicator for "
            "the total (the default category option combo) and one per breakdown "
            "dimension, whose category option combos are the dimension's categories.",
        ],
        "data_sets": dict(sorted(data_sets.items())),
        "data_elements": dict(sorted(data_elements.items())),
        "org_units": dict(sorted(org_units.items())),
    }

    json_values, csv_rows = [], []
    for a in monitoring["indicator_actuals"]:
        ind = indicators[a["indicator"]]
        period = dhis2_period(ind["frequency"], a["period"])
        rows = [(total_de[ind["id"]], DEFAULT_COMBO, a["value"])]
        for dim, parts in a.get("disaggregation", {}).items():
            for cat, value in parts.items():
                rows.append((part_de[(ind["id"], dim)], combo[(dim, cat)], value))
        for de, coc, value in rows:
            row = {
                "dataElement": de,
                "period": period,
                "orgUnit": ou[a["reported_by"]],
                "categoryOptionCombo": coc,
                "attributeOptionCombo": DEFAULT_COMBO,
                "value": text(value),
                "storedBy": STORED_BY,
                "created": timestamp(a["reported"]),
                "lastUpdated": timestamp(a["reported"]),
                "followup": False,
            }
            if ind["frequency"] == "quarterly":
                json_values.append(row)
            else:
                csv_rows.append(row)
        if (a["indicator"], a["period"]) == DELETED:
            # a mistaken entry for a province, deleted the next day
            gone = dict(json_values[-1])
            gone.update(orgUnit=ou["pcct-kampot"], value="7", deleted=True,
                        lastUpdated=timestamp(a["reported"]).replace("09:30", "16:05"))
            json_values.append(gone)

    dump(os.path.join(HERE, "mapping.json"), mapping)
    dump_rows(os.path.join(HERE, "data-values.json"), "dataValues", json_values)

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    # the header as DHIS2's CSV writer writes it
    w.writerow(["dataelement", "period", "orgunit", "categoryoptioncombo",
                "attributeoptioncombo", "value", "storedby", "lastupdated", "comment",
                "followup", "deleted"])
    for r in csv_rows:
        w.writerow([r["dataElement"], r["period"], r["orgUnit"], r["categoryOptionCombo"],
                    r["attributeOptionCombo"], r["value"], r["storedBy"], r["lastUpdated"],
                    "", "false", "false"])
    with open(os.path.join(HERE, "data-values.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())

    # One registration per reporter, report type and period: DHIS2 keeps one, so the
    # NSP's planted duplicate report (a second submission of the same period) is the
    # only one of its submissions that cannot be exported; the first is kept.
    seen, registrations = set(), []
    for s in monitoring["submissions"]:
        key = (s["reporter"], s["report_type"], s["period"])
        if key in seen:
            continue
        seen.add(key)
        registrations.append({
            "dataSet": ds[s["report_type"]],
            "period": dhis2_period(s["report_type"], s["period"]),
            "organisationUnit": ou[s["reporter"]],
            "attributeOptionCombo": DEFAULT_COMBO,
            "date": timestamp(s["submitted"]),
            "storedBy": STORED_BY,
            "completed": True,
        })
        if key == UNDONE:
            # a registration of a draft attribute option combo, undone in DHIS2
            undone = dict(registrations[-1])
            undone.update(attributeOptionCombo=uid("aoc:draft"), completed=False)
            registrations.insert(len(registrations) - 1, undone)
    dump_rows(os.path.join(HERE, "registrations.json"), "completeDataSetRegistrations",
              registrations)


if __name__ == "__main__":
    main()
