#!/usr/bin/env python3
"""Writes the bad-input corpus: one directory per case under cases/, each holding the
plan.json, monitoring.json and rules.json it needs (bytes written exactly, so syntax
errors, BOMs and control characters survive), and manifest.json listing every case with
its expected outcome: "valid", or the first error (kind code, file, JSON path).

The outcome is what each surface gives for the case: load plan.json and monitoring.json
(`{}` when absent), then rules.json when present; the first error of the first step that
fails, or "valid" when both succeed (and then the case is evaluated as of AS_OF, which
must not fail). Expectations are written here by hand, not produced by planwatch; a
case may carry "known_gap": what the engine should do but does not yet, with today's
behaviour as the expectation. Rust (tests/tests/bad_input.rs), Python
(bindings-python/tests/test_bad_input.py) and WebAssembly
(bindings-wasm/test/bad_input.test.mjs) all run the manifest. Deterministic; regenerate
with:
    python3 tests/bad-input/make_bad_input.py
"""
import copy
import json
import pathlib
import shutil

HERE = pathlib.Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
AS_OF = "2020-06-30"

BASE_PLAN = {
    "id": "mini",
    "title": "A small valid plan",
    "start": "2019-01-01",
    "end": "2020-12-31",
    "organisations": [
        {"id": "ncct", "name": "National Committee", "kind": "committee"},
        {"id": "moi", "name": "Ministry of Interior", "kind": "ministry", "parent": "ncct"},
        {"id": "pcct-a", "name": "Province A committee", "kind": "provincial_committee", "parent": "ncct"},
    ],
    "strategies": [{"id": "1", "title": "Cooperation"}],
    "groups": [{"id": "1.1", "strategy": "1", "title": "Plans and mechanisms", "lead": "moi"}],
    "activities": [
        {"id": "1.1.1", "group": "1.1", "title": "First", "lead": "moi",
         "planned_start": "2019-01-01", "deadline": "2019-06-30", "indicators": ["cases"]},
        {"id": "1.1.2", "group": "1.1", "title": "Second", "lead": "moi",
         "planned_start": "2019-07-01", "deadline": "2019-12-31",
         "depends_on": [{"activity": "1.1.1"}]},
        {"id": "1.1.3", "group": "1.1", "title": "Third", "lead": "ncct",
         "planned_start": "2020-01-01", "deadline": "2020-06-30",
         "depends_on": [{"activity": "1.1.2", "type": "SS", "lag_days": 5}]},
    ],
    "indicators": [
        {"id": "cases", "name": "Cases investigated", "unit": "cases", "frequency": "quarterly",
         "targets": [{"period": "2019", "value": 40}],
         "disaggregations": [{"dimension": "sex", "categories": ["female", "male"]}]},
    ],
    "reporting_obligations": [
        {"id": "monthly", "report_type": "monthly",
         "reporters": {"kinds": ["provincial_committee"]}, "recipient": "ncct", "grace_days": 10},
    ],
    "meeting_obligations": [
        {"id": "ncct-quarterly", "title": "NCCT quarterly meeting", "frequency": "quarterly",
         "organisers": {"ids": ["ncct"]}},
    ],
}

BASE_MONITORING = {
    "plan": "mini",
    "status_updates": [
        {"activity": "1.1.1", "date": "2019-03-31", "status": "in_progress", "progress": 40,
         "actual_start": "2019-01-15"},
    ],
    "submissions": [
        {"reporter": "pcct-a", "report_type": "monthly", "period": "2019-01", "submitted": "2019-02-05"},
    ],
    "indicator_actuals": [
        {"indicator": "cases", "period": "2019Q1", "value": 10,
         "disaggregation": {"sex": {"female": 6, "male": 4}}},
    ],
    "meetings": [{"obligation": "ncct-quarterly", "organiser": "ncct", "date": "2019-03-20"}],
}

CASES = []
NAMES = set()


def P():
    return copy.deepcopy(BASE_PLAN)


def M():
    return copy.deepcopy(BASE_MONITORING)


def dump(obj):
    return json.dumps(obj, indent=1, ensure_ascii=False).encode("utf-8")


def err(kind, file, path):
    return {"kind": kind, "file": file, "path": path}


def case(name, expect, plan=None, monitoring=None, rules=None, known_gap=None, note=None):
    """plan/monitoring/rules: a dict or list (dumped as JSON), bytes (written as they are),
    or None (plan: the base plan; monitoring: the base monitoring; rules: no file).
    Pass monitoring=False for no monitoring.json."""
    assert name not in NAMES, name
    NAMES.add(name)
    files = {}
    files["plan.json"] = plan if isinstance(plan, bytes) else dump(P() if plan is None else plan)
    if monitoring is not False:
        files["monitoring.json"] = (
            monitoring if isinstance(monitoring, bytes) else dump(M() if monitoring is None else monitoring)
        )
    if rules is not None:
        files["rules.json"] = rules if isinstance(rules, bytes) else dump(rules)
    entry = {"name": name, "files": sorted(files), "expect": expect}
    if known_gap:
        entry["known_gap"] = known_gap
    if note:
        entry["note"] = note
    CASES.append((entry, files))


def with_plan(edit):
    p = P()
    edit(p)
    return p


def with_mon(edit):
    m = M()
    edit(m)
    return m


VALID = "valid"
PJ, MJ, RJ = "plan.json", "monitoring.json", "rules.json"

# --- the base case and harmless variants --------------------------------------------
case("valid_base", VALID)
case("valid_no_monitoring", VALID, monitoring=False)
case("valid_empty_monitoring", VALID, monitoring={})
case("valid_empty_rules", VALID, rules={})
case("valid_bom_free_unicode_titles", VALID,
     plan=with_plan(lambda p: p["activities"][0].update(title="ការប្រឆាំង អំពើជួញដូរមនុស្ស")))
case("valid_long_title", VALID, plan=with_plan(lambda p: p["activities"][0].update(title="x" * 100_000)),
     note="100 000-character title: no limit on string length yet")
case("valid_rtl_override_in_title", VALID,
     plan=with_plan(lambda p: p["activities"][0].update(title="abc\u202edcba")))
case("valid_control_chars_in_title", VALID,
     plan=with_plan(lambda p: p["activities"][0].update(title="a\u001b[2Jb\r\nc\u0000d")))
case("valid_rtl_override_in_id", VALID,
     plan=with_plan(lambda p: (p["activities"][2].update(id="1.1.\u202e3"))))
case("valid_nul_in_id", VALID, plan=with_plan(lambda p: p["activities"][2].update(id="1.1\u00003")))
case("valid_proto_org_id", VALID,
     plan=with_plan(lambda p: p["organisations"].append({"id": "__proto__", "name": "x", "kind": "ministry"})))
case("valid_constructor_id", VALID,
     plan=with_plan(lambda p: p["organisations"].append({"id": "constructor", "name": "x", "kind": "ministry"})))
case("valid_whitespace_between_tokens", VALID, plan=b" \n\t\r\n" + dump(P()) + b"\n\n  ")
case("valid_negative_lag", VALID,
     plan=with_plan(lambda p: p["activities"][2]["depends_on"][0].update(lag_days=-30)))
case("valid_huge_lag", VALID,
     plan=with_plan(lambda p: p["activities"][2]["depends_on"][0].update(lag_days=2_000_000_000)))
case("valid_float_exponent_value", VALID,
     monitoring=with_mon(lambda m: m["indicator_actuals"][0].update(value=1e2, disaggregation={})))
case("valid_huge_value", VALID,
     monitoring=with_mon(lambda m: m["indicator_actuals"][0].update(value=1e308, disaggregation={})))
case("valid_leap_day", VALID, plan=with_plan(lambda p: p["activities"][2].update(deadline="2020-02-29")))
case("valid_many_activities", VALID, plan=with_plan(lambda p: p["activities"].extend(
    {"id": f"x{i}", "group": "1.1", "title": "t", "planned_start": "2019-01-01", "deadline": "2019-02-01"}
    for i in range(2000))))
case("valid_long_dependency_chain", VALID, plan=with_plan(lambda p: p["activities"].extend(
    {"id": f"c{i}", "group": "1.1", "title": "t", "planned_start": "2019-01-01", "deadline": "2019-02-01",
     "depends_on": [{"activity": f"c{i-1}"}] if i else []}
    for i in range(3000))), note="3000-link chain: the graph code is not recursive")

# --- syntax ---------------------------------------------------------------------------
base_text = dump(P())
case("syntax_empty_plan", err("syntax", PJ, ""), plan=b"")
case("syntax_whitespace_plan", err("syntax", PJ, ""), plan=b"  \n ")
case("syntax_empty_monitoring", err("syntax", MJ, ""), monitoring=b"")
case("syntax_empty_rules", err("syntax", RJ, ""), rules=b"")
case("syntax_truncated", err("syntax", PJ, "activities[1].title"), plan=base_text[: base_text.index(b'"Second"')])
case("syntax_trailing_comma", err("syntax", PJ, "strategies[0]"),
     plan=base_text.replace(b'"title": "Cooperation"', b'"title": "Cooperation",'))
case("syntax_single_quotes", err("syntax", PJ, ""), plan=b"{'id': 'mini'}")
case("syntax_comment", err("syntax", PJ, ""), plan=b"// plan\n" + base_text)
case("syntax_trailing_garbage", err("syntax", PJ, ""), plan=base_text + b"\n}")
case("syntax_two_documents", err("syntax", PJ, ""), plan=base_text + base_text)
case("syntax_bom_plan", err("syntax", PJ, ""), plan=b"\xef\xbb\xbf" + base_text,
     note="a UTF-8 byte order mark is refused, not skipped")
case("syntax_bom_monitoring", err("syntax", MJ, ""), monitoring=b"\xef\xbb\xbf" + dump(M()))
case("syntax_bom_rules", err("syntax", RJ, ""), rules=b"\xef\xbb\xbf{}")
case("syntax_utf16", err("io", PJ, ""), plan="{}".encode("utf-16"))
case("syntax_invalid_utf8", err("io", PJ, ""), plan=b'{"id": "\xff\xfe"}')
case("syntax_raw_control_char_in_string", err("syntax", PJ, "activities[0].title"),
     plan=base_text.replace(b'"First"', b'"Fi\x01rst"'))
case("syntax_raw_newline_in_string", err("syntax", PJ, "activities[0].title"),
     plan=base_text.replace(b'"First"', b'"Fi\nrst"'))
case("syntax_bad_escape", err("syntax", PJ, "activities[0].title"), plan=base_text.replace(b'"First"', b'"Fi\\qrst"'))
case("syntax_deep_nesting_in_params", err("syntax", RJ, "rules.overdue.params.x" + "[0]" * 123),
     rules=b'{"rules": {"overdue": {"params": {"x": ' + b"[" * 200 + b"]" * 200 + b"}}}}",
     note="serde_json's recursion limit of 128")
case("syntax_lone_surrogate_escape", err("syntax", PJ, "activities[0].title"),
     plan=base_text.replace(b'"First"', b'"\\ud800"'))
case("syntax_nan_literal", err("syntax", MJ, "indicator_actuals[0].value"),
     monitoring=dump(M()).replace(b'"value": 10', b'"value": NaN'))
case("syntax_infinity_literal", err("syntax", MJ, "indicator_actuals[0].value"),
     monitoring=dump(M()).replace(b'"value": 10', b'"value": Infinity'))
case("syntax_leading_zero_number", err("syntax", MJ, "indicator_actuals[0].value"),
     monitoring=dump(M()).replace(b'"value": 10', b'"value": 010'))
case("syntax_hex_number", err("syntax", MJ, "indicator_actuals[0]"),
     monitoring=dump(M()).replace(b'"value": 10', b'"value": 0x10'))
case("syntax_plus_number", err("syntax", MJ, "indicator_actuals[0].value"),
     monitoring=dump(M()).replace(b'"value": 10', b'"value": +10'))
case("syntax_unquoted_key", err("syntax", PJ, ""), plan=b"{id: \"mini\"}")
case("syntax_nul_byte", err("syntax", PJ, ""), plan=b"\x00" + base_text)
case("wrong_type_deep_arrays", err("wrong_type", PJ, "notes[0]"),
     plan=base_text.replace(b'"organisations"', b'"notes": ' + b"[" * 200 + b"]" * 200 + b', "organisations"', 1),
     note="refused at the first level: notes are strings")
case("wrong_type_deep_objects_monitoring", err("wrong_type", MJ, "indicator_actuals[0].disaggregation.sex.female"),
     monitoring=dump(M()).replace(b'"female": 6', b'"female": ' + b'{"a":' * 300 + b"1" + b"}" * 300))

# --- wrong top-level shapes ----------------------------------------------------------
case("wrong_type_plan_array", err("wrong_type", PJ, ""), plan=b"[]")
case("wrong_type_plan_string", err("wrong_type", PJ, ""), plan=b'"plan"')
case("wrong_type_plan_null", err("wrong_type", PJ, ""), plan=b"null")
case("wrong_type_plan_number", err("wrong_type", PJ, ""), plan=b"42")
case("wrong_type_monitoring_array", err("wrong_type", MJ, ""), monitoring=b"[]")
case("wrong_type_monitoring_null", err("wrong_type", MJ, ""), monitoring=b"null")
case("wrong_type_rules_array", err("wrong_type", RJ, ""), rules=b"[]")
case("wrong_type_rules_string", err("wrong_type", RJ, ""), rules=b'"overdue"')
case("sequence_plan_positional", err("wrong_type", PJ, ""),
     plan=b'["mini", "t", "2019-01-01", "2020-12-31"]',
     note="serde's sequence form of a struct is refused")
case("sequence_dependency", err("wrong_type", PJ, "activities[2].depends_on[0]"),
     plan=with_plan(lambda p: p["activities"][2].update(depends_on=[["1.1.2", "SS", 3]])))
case("sequence_activity", err("wrong_type", PJ, "activities[0]"),
     plan=with_plan(lambda p: p["activities"].__setitem__(0, ["1.1.1", "1.1", "First", "complete", "moi", [],
                                                               "2019-01-01", "2019-06-30", [], [], []])))
case("sequence_organisation", err("wrong_type", PJ, "organisations[0]"),
     plan=with_plan(lambda p: p["organisations"].__setitem__(0, ["ncct", "National Committee", None, "committee"])))
case("sequence_submission", err("wrong_type", MJ, "submissions[0]"),
     monitoring=with_mon(lambda m: m["submissions"].__setitem__(0, ["pcct-a", "monthly", "2019-01", "2019-02-05"])))
case("sequence_monitoring", err("wrong_type", MJ, ""), monitoring=b'[null, false, [], [], [], [], []]')
case("sequence_reporters", err("wrong_type", PJ, "reporting_obligations[0].reporters"),
     plan=with_plan(lambda p: p["reporting_obligations"][0].update(reporters=[[], ["provincial_committee"]])))
case("sequence_rule_settings", err("wrong_type", RJ, "rules.overdue"),
     rules={"rules": {"overdue": [True, "info"]}})
case("sequence_rules_file", err("wrong_type", RJ, ""), rules=b'[{"overdue": {"severity": "info"}}, []]')
case("sequence_custom_rule", err("wrong_type", RJ, "custom[0]"),
     rules={"custom": [["r", "d", "activity", "true", "info", "m"]]})

# --- wrong field types -------------------------------------------------------------
def iv(name, file, path, edit, kind="invalid_value", **kw):
    if file == PJ:
        case(name, err(kind, file, path), plan=with_plan(edit), **kw)
    else:
        case(name, err(kind, file, path), monitoring=with_mon(edit), **kw)


def wt(name, file, path, edit):
    if file == PJ:
        case(name, err("wrong_type", file, path), plan=with_plan(edit))
    else:
        case(name, err("wrong_type", file, path), monitoring=with_mon(edit))


wt("wrong_type_plan_id_number", PJ, "id", lambda p: p.update(id=1))
wt("wrong_type_title_null", PJ, "title", lambda p: p.update(title=None))
wt("wrong_type_start_number", PJ, "start", lambda p: p.update(start=20190101))
wt("wrong_type_organisations_object", PJ, "organisations", lambda p: p.update(organisations={}))
wt("wrong_type_activities_string", PJ, "activities", lambda p: p.update(activities="1.1.1"))
wt("wrong_type_activity_id_number", PJ, "activities[0].id", lambda p: p["activities"][0].update(id=111))
wt("wrong_type_activity_id_bool", PJ, "activities[0].id", lambda p: p["activities"][0].update(id=True))
wt("wrong_type_supporting_string", PJ, "activities[0].supporting", lambda p: p["activities"][0].update(supporting="moi"))
wt("wrong_type_depends_on_object", PJ, "activities[1].depends_on",
   lambda p: p["activities"][1].update(depends_on={"activity": "1.1.1"}))
wt("wrong_type_lag_string", PJ, "activities[2].depends_on[0].lag_days",
   lambda p: p["activities"][2]["depends_on"][0].update(lag_days="5"))
wt("wrong_type_lag_float", PJ, "activities[2].depends_on[0].lag_days",
   lambda p: p["activities"][2]["depends_on"][0].update(lag_days=5.5))
iv("invalid_value_lag_too_big", PJ, "activities[2].depends_on[0].lag_days",
   lambda p: p["activities"][2]["depends_on"][0].update(lag_days=2**40))
iv("invalid_value_grace_negative", PJ, "reporting_obligations[0].grace_days",
   lambda p: p["reporting_obligations"][0].update(grace_days=-1))
wt("wrong_type_grace_huge", PJ, "reporting_obligations[0].grace_days",
   lambda p: p["reporting_obligations"][0].update(grace_days=18446744073709551616))
wt("wrong_type_fiscal_month_string", PJ, "fiscal_year_start_month", lambda p: p.update(fiscal_year_start_month="7"))
wt("wrong_type_target_value_string", PJ, "indicators[0].targets[0].value",
   lambda p: p["indicators"][0]["targets"][0].update(value="40"))
wt("wrong_type_target_value_nan_text", PJ, "indicators[0].targets[0].value",
   lambda p: p["indicators"][0]["targets"][0].update(value="NaN"))
iv("invalid_value_declared_count_negative", PJ, "strategies[0].declared_activity_count",
   lambda p: p["strategies"][0].update(declared_activity_count=-3))
wt("wrong_type_categories_string", PJ, "indicators[0].disaggregations[0].categories",
   lambda p: p["indicators"][0]["disaggregations"][0].update(categories="female"))
wt("wrong_type_notes_string", PJ, "notes", lambda p: p.update(notes="note"))
wt("wrong_type_synthetic_string", MJ, "synthetic", lambda m: m.update(synthetic="yes"))
wt("wrong_type_progress_string", MJ, "status_updates[0].progress",
   lambda m: m["status_updates"][0].update(progress="40%"))
wt("wrong_type_value_null", MJ, "indicator_actuals[0].value", lambda m: m["indicator_actuals"][0].update(value=None))
wt("wrong_type_value_infinity_text", MJ, "indicator_actuals[0].value",
   lambda m: m["indicator_actuals"][0].update(value="Infinity"))
wt("wrong_type_disaggregation_array", MJ, "indicator_actuals[0].disaggregation",
   lambda m: m["indicator_actuals"][0].update(disaggregation=[6, 4]))
wt("wrong_type_disaggregation_value_string", MJ, "indicator_actuals[0].disaggregation.sex.female",
   lambda m: m["indicator_actuals"][0]["disaggregation"]["sex"].update(female="6"))
wt("wrong_type_submissions_object", MJ, "submissions", lambda m: m.update(submissions={}))
wt("wrong_type_submitted_number", MJ, "submissions[0].submitted", lambda m: m["submissions"][0].update(submitted=20190205))
wt("wrong_type_meeting_period_number", MJ, "meetings[0].period", lambda m: m["meetings"][0].update(period=2019))

# --- values ----------------------------------------------------------------------------
iv("invalid_link_type", PJ, "activities[2].depends_on[0].type",
   lambda p: p["activities"][2]["depends_on"][0].update(type="XX"))
iv("invalid_link_type_lowercase", PJ, "activities[2].depends_on[0].type",
   lambda p: p["activities"][2]["depends_on"][0].update(type="ss"))
iv("invalid_frequency", PJ, "indicators[0].frequency", lambda p: p["indicators"][0].update(frequency="weekly"))
iv("invalid_report_type", PJ, "reporting_obligations[0].report_type",
   lambda p: p["reporting_obligations"][0].update(report_type="Monthly"))
iv("invalid_direction", PJ, "indicators[0].direction", lambda p: p["indicators"][0].update(direction="up"))
iv("invalid_target_kind", PJ, "indicators[0].target_kind", lambda p: p["indicators"][0].update(target_kind="total"))
iv("invalid_title_status", PJ, "activities[0].title_status", lambda p: p["activities"][0].update(title_status="gone"))
iv("invalid_fiscal_month_13", PJ, "fiscal_year_start_month", lambda p: p.update(fiscal_year_start_month=13))
iv("invalid_fiscal_month_0", PJ, "fiscal_year_start_month", lambda p: p.update(fiscal_year_start_month=0))
iv("invalid_status", MJ, "status_updates[0].status", lambda m: m["status_updates"][0].update(status="finished"))
iv("invalid_progress_negative", MJ, "status_updates[0].progress", lambda m: m["status_updates"][0].update(progress=-1))
iv("invalid_progress_over_100", MJ, "status_updates[0].progress", lambda m: m["status_updates"][0].update(progress=100.5))
iv("invalid_progress_huge", MJ, "status_updates[0].progress", lambda m: m["status_updates"][0].update(progress=1e308))
iv("invalid_relation_op", PJ, "indicator_relations[0].op",
   lambda p: p.update(indicator_relations=[{"left": "cases", "op": "<", "right": "cases"}]))

# dates: strict YYYY-MM-DD
for i, bad in enumerate(["2020-6-3", " 2020-06-03", "2020-06-03 ", "2020/06/03", "03-06-2020", "2020-13-01",
                         "2020-02-30", "2019-02-29", "2020-00-10", "2020-06-00", "20200603", "2020-06-03T00:00:00",
                         "+2020-06-03", "-2020-06-03", "99999-01-01", "0000-01-01", "２０２０-06-03", "",
                         "June 2020", "2020-06-03\u0000"]):
    iv(f"date_bad_{i:02d}", PJ, "activities[1].planned_start",
       lambda p, bad=bad: p["activities"][1].update(planned_start=bad), note=f"planned_start {bad!r}",
       kind="period_outside_plan" if bad == "0000-01-01" else "invalid_value")
iv("date_bad_monitoring_submitted", MJ, "submissions[0].submitted",
   lambda m: m["submissions"][0].update(submitted="2019-2-5"))
iv("date_bad_plan_end", PJ, "end", lambda p: p.update(end="2020-12-32"))
iv("date_bad_actual_start", MJ, "status_updates[0].actual_start",
   lambda m: m["status_updates"][0].update(actual_start="2019-01-15Z"))
iv("date_bad_active_from", PJ, "organisations[1].active_from",
   lambda p: p["organisations"][1].update(active_from="2019"))

# periods
for i, bad in enumerate(["2019Q5", "2019Q0", "2019-13", "2019-1", "2019S3", "2019T9", "19Q1", "2019q1", "Q1-2019",
                         "2019 Q1", "", "2019Q1 ", "0000Q1", "2019-00", "2019-+1", "+019Q1"]):
    iv(f"period_bad_{i:02d}", MJ, "indicator_actuals[0].period",
       lambda m, bad=bad: m["indicator_actuals"][0].update(period=bad), kind="invalid_period", note=f"period {bad!r}")
iv("period_plus_sign_month", MJ, "submissions[0].period",
   lambda m: m["submissions"][0].update(period="2019-+1"), kind="invalid_period",
   note="found by fuzzing: u8 parsing took the sign")
iv("period_wrong_type_submission", MJ, "submissions[0].period",
   lambda m: m["submissions"][0].update(period="2019Q1"), kind="invalid_period")
iv("period_wrong_type_actual", MJ, "indicator_actuals[0].period",
   lambda m: m["indicator_actuals"][0].update(period="2019-01"), kind="invalid_period")
iv("period_target_bad", PJ, "indicators[0].targets[0].period",
   lambda p: p["indicators"][0]["targets"][0].update(period="2019Q9"), kind="invalid_period")
iv("period_target_finer_than_frequency", PJ, "indicators[0].targets[0].period",
   lambda p: p["indicators"][0]["targets"][0].update(period="2019-03"), kind="invalid_period",
   note="a monthly target on a quarterly indicator")
iv("period_outside_plan_submission", MJ, "submissions[0].period",
   lambda m: m["submissions"][0].update(period="2025-01"), kind="period_outside_plan")
iv("period_outside_plan_target", PJ, "indicators[0].targets[0].period",
   lambda p: p["indicators"][0]["targets"][0].update(period="2030"), kind="period_outside_plan")
iv("deadline_outside_plan", PJ, "activities[2].deadline",
   lambda p: p["activities"][2].update(deadline="2021-06-30"), kind="period_outside_plan")
iv("deadline_before_start", PJ, "activities[1].deadline",
   lambda p: p["activities"][1].update(deadline="2019-06-30"), kind="deadline_before_start")
iv("plan_end_before_start", PJ, "end", lambda p: p.update(end="2018-12-31"), kind="deadline_before_start")

# --- unknown and missing fields ------------------------------------------------------
iv("unknown_field_top", PJ, "owner", lambda p: p.update(owner="x"), kind="unknown_field")
iv("unknown_field_activity", PJ, "activities[1].owner", lambda p: p["activities"][1].update(owner="moi"),
   kind="unknown_field")
iv("unknown_field_case_variant", PJ, "activities[1].Deadline",
   lambda p: p["activities"][1].update(Deadline="2019-12-31"), kind="unknown_field")
iv("unknown_field_dependency", PJ, "activities[1].depends_on[0].lag",
   lambda p: p["activities"][1]["depends_on"][0].update(lag=3), kind="unknown_field")
iv("unknown_field_monitoring", MJ, "updates", lambda m: m.update(updates=[]), kind="unknown_field")
iv("unknown_field_submission", MJ, "submissions[0].late", lambda m: m["submissions"][0].update(late=True),
   kind="unknown_field")
iv("unknown_field_proto", PJ, "__proto__", lambda p: p.update(__proto__={"x": 1}), kind="unknown_field")
case("unknown_field_rules_top", err("unknown_field", RJ, "rule"), rules={"rule": {}})
case("unknown_field_rule_settings", err("unknown_field", RJ, "rules.overdue.level"),
     rules={"rules": {"overdue": {"level": "info"}}})
case("unknown_field_custom_rule", err("unknown_field", RJ, "custom[0].when"),
     rules={"custom": [{"id": "c", "subject": "activity", "condition": "true", "severity": "info",
                        "message": "m", "when": 1}]})

for path, edit in [
    ("", lambda p: p.pop("id")),
    ("", lambda p: p.pop("start")),
    ("activities[0]", lambda p: p["activities"][0].pop("deadline")),
    ("activities[0]", lambda p: p["activities"][0].pop("group")),
    ("organisations[0]", lambda p: p["organisations"][0].pop("kind")),
    ("indicators[0]", lambda p: p["indicators"][0].pop("frequency")),
    ("activities[1].depends_on[0]", lambda p: p["activities"][1]["depends_on"][0].pop("activity")),
    ("reporting_obligations[0]", lambda p: p["reporting_obligations"][0].pop("reporters")),
]:
    n = len([c for c in CASES if c[0]["name"].startswith("missing_field_plan")])
    iv(f"missing_field_plan_{n}", PJ, path, edit, kind="missing_field")
iv("missing_field_submission", MJ, "submissions[0]", lambda m: m["submissions"][0].pop("submitted"),
   kind="missing_field")
iv("missing_field_status", MJ, "status_updates[0]", lambda m: m["status_updates"][0].pop("status"),
   kind="missing_field")
case("valid_custom_rule_without_severity", VALID,
     rules={"custom": [{"id": "c", "subject": "activity", "condition": "true", "message": "m"}]})

# --- duplicates ------------------------------------------------------------------------
iv("duplicate_activity_id", PJ, "activities[2].id", lambda p: p["activities"][2].update(id="1.1.1"),
   kind="duplicate_id")
iv("duplicate_org_id", PJ, "organisations[2].id", lambda p: p["organisations"][2].update(id="moi"),
   kind="duplicate_id")
iv("duplicate_indicator_id", PJ, "indicators[1].id", lambda p: p["indicators"].append(copy.deepcopy(p["indicators"][0])),
   kind="duplicate_id")
iv("duplicate_group_id", PJ, "groups[1].id", lambda p: p["groups"].append(copy.deepcopy(p["groups"][0])),
   kind="duplicate_id")
iv("duplicate_strategy_id", PJ, "strategies[1].id", lambda p: p["strategies"].append(copy.deepcopy(p["strategies"][0])),
   kind="duplicate_id")
iv("duplicate_obligation_id", PJ, "reporting_obligations[1].id",
   lambda p: p["reporting_obligations"].append(copy.deepcopy(p["reporting_obligations"][0])), kind="duplicate_id")
iv("duplicate_target_period", PJ, "indicators[0].targets[1].period",
   lambda p: p["indicators"][0]["targets"].append({"period": "2019", "value": 50}), kind="duplicate_id")
iv("duplicate_rtl_lookalike_ids", PJ, "activities[2].id", lambda p: p["activities"][2].update(id="1.1.1"),
   kind="duplicate_id")
case("duplicate_key_in_object", err("invalid_value", PJ, "activities[0]"),
     plan=base_text.replace(b'"title": "First"', b'"title": "First", "title": "Again"'),
     note="a key given twice in one object")
case("duplicate_key_top", err("invalid_value", PJ, ""),
     plan=base_text.replace(b'"id": "mini"', b'"id": "mini", "id": "other"', 1))
case("duplicate_key_rules", err("invalid_value", RJ, "rules.overdue"),
     rules=b'{"rules": {"overdue": {"severity": "info"}, "overdue": {"severity": "error"}}}')
case("duplicate_key_disaggregation", err("invalid_value", MJ, "indicator_actuals[0].disaggregation.sex.female"),
     monitoring=dump(M()).replace(b'"female": 6', b'"female": 6, "female": 7'))
iv("duplicate_indicator_value", MJ, "indicator_actuals[1]",
   lambda m: m["indicator_actuals"].append(copy.deepcopy(m["indicator_actuals"][0])), kind="duplicate_id",
   note="the same indicator, period and reporter twice")

# --- references, cycles --------------------------------------------------------------
def ur(name, file, path, edit, kind="unknown_reference"):
    iv(name, file, path, edit, kind=kind)


ur("unknown_group", PJ, "activities[0].group", lambda p: p["activities"][0].update(group="9.9"))
ur("unknown_lead", PJ, "activities[0].lead", lambda p: p["activities"][0].update(lead="nobody"))
ur("unknown_supporting", PJ, "activities[0].supporting[0]", lambda p: p["activities"][0].update(supporting=["x"]))
ur("unknown_predecessor", PJ, "activities[1].depends_on[0].activity",
   lambda p: p["activities"][1]["depends_on"][0].update(activity="9.9.9"))
ur("unknown_indicator_on_activity", PJ, "activities[0].indicators[0]", lambda p: p["activities"][0].update(indicators=["x"]))
ur("unknown_strategy", PJ, "groups[0].strategy", lambda p: p["groups"][0].update(strategy="9"))
ur("unknown_parent_org", PJ, "organisations[1].parent", lambda p: p["organisations"][1].update(parent="x"))
ur("unknown_indicator_owner", PJ, "indicators[0].owner", lambda p: p["indicators"][0].update(owner="x"))
ur("unknown_reporter_id", PJ, "reporting_obligations[0].reporters.ids[0]",
   lambda p: p["reporting_obligations"][0]["reporters"].update(ids=["x"]))
ur("unknown_reporter_kind", PJ, "reporting_obligations[0].reporters.kinds[0]",
   lambda p: p["reporting_obligations"][0]["reporters"].update(kinds=["province"]))
ur("unknown_relation_indicator", PJ, "indicator_relations[0].left",
   lambda p: p.update(indicator_relations=[{"left": "x", "op": "<=", "right": "cases"}]))
ur("unknown_updated_activity", MJ, "status_updates[0].activity", lambda m: m["status_updates"][0].update(activity="x"))
ur("unknown_submission_reporter", MJ, "submissions[0].reporter", lambda m: m["submissions"][0].update(reporter="x"))
ur("unknown_actual_indicator", MJ, "indicator_actuals[0].indicator", lambda m: m["indicator_actuals"][0].update(indicator="x"))
ur("unknown_meeting_obligation", MJ, "meetings[0].obligation", lambda m: m["meetings"][0].update(obligation="x"))
ur("unknown_meeting_organiser", MJ, "meetings[0].organiser", lambda m: m["meetings"][0].update(organiser="x"))
ur("unknown_disaggregation_dimension", MJ, "indicator_actuals[0].disaggregation.age",
   lambda m: m["indicator_actuals"][0].update(disaggregation={"age": {"0-17": 10}}))
ur("unknown_id_differs_by_rtl", PJ, "activities[1].depends_on[0].activity",
   lambda p: p["activities"][1]["depends_on"][0].update(activity="1.1.\u202e1"))
ur("unknown_id_trailing_space", PJ, "activities[1].depends_on[0].activity",
   lambda p: p["activities"][1]["depends_on"][0].update(activity="1.1.1 "))
ur("self_dependency", PJ, "activities[1].depends_on[0].activity",
   lambda p: p["activities"][1]["depends_on"][0].update(activity="1.1.2"), kind="self_dependency")
ur("dependency_cycle_two", PJ, "activities[1].depends_on[0]",
   lambda p: p["activities"][0].update(depends_on=[{"activity": "1.1.2"}]), kind="dependency_cycle")
ur("dependency_cycle_three", PJ, "activities[1].depends_on[0]",
   lambda p: p["activities"][0].update(depends_on=[{"activity": "1.1.3", "type": "FF"}]), kind="dependency_cycle")
ur("org_parent_cycle", PJ, "organisations[1].parent",
   lambda p: p["organisations"][0].update(parent="moi"), kind="dependency_cycle")
ur("org_parent_self", PJ, "organisations[1].parent",
   lambda p: p["organisations"][1].update(parent="moi"), kind="dependency_cycle")

# --- rules -------------------------------------------------------------------------------
def rc(name, expect, rules, **kw):
    case(name, expect, rules=rules, **kw)


rc("rules_unknown_rule", err("unknown_rule", RJ, "rules.nope"), {"rules": {"nope": {}}})
rc("rules_unknown_rule_case", err("unknown_rule", RJ, "rules.Overdue"), {"rules": {"Overdue": {}}})
rc("rules_bad_severity", err("invalid_value", RJ, "rules.overdue.severity"), {"rules": {"overdue": {"severity": "fatal"}}})
rc("rules_enabled_string", err("wrong_type", RJ, "rules.overdue.enabled"), {"rules": {"overdue": {"enabled": "no"}}})
rc("rules_valid_disable", VALID, {"rules": {"overdue": {"enabled": False}}})
rc("rules_valid_params", VALID, {"rules": {"due_soon": {"params": {"days": 10}}}})
rc("rules_params_unknown", err("invalid_rule_parameter", RJ, "rules.overdue.params"),
   {"rules": {"overdue": {"params": {"grace": 3}}}})
rc("rules_params_wrong_type", err("invalid_rule_parameter", RJ, "rules.due_soon.params"),
   {"rules": {"due_soon": {"params": {"days": "ten"}}}})
rc("rules_params_negative_days", err("invalid_rule_parameter", RJ, "rules.due_soon.params"),
   {"rules": {"due_soon": {"params": {"days": -1}}}})
rc("rules_params_no_params_rule", err("invalid_rule_parameter", RJ, "rules.dependency_violation.params"),
   {"rules": {"dependency_violation": {"params": {"x": 1}}}})
rc("rules_params_outlier_negative_threshold", err("invalid_rule_parameter", RJ, "rules.indicator_outlier.params"),
   {"rules": {"indicator_outlier": {"params": {"threshold": -1}}}})
rc("rules_params_negative_tolerance", err("invalid_rule_parameter", RJ, "rules.disaggregation_incomplete.params"),
   {"rules": {"disaggregation_incomplete": {"params": {"tolerance": -1}}}})
rc("rules_params_share_over_one", err("invalid_rule_parameter", RJ, "rules.disaggregation_incomplete.params"),
   {"rules": {"disaggregation_incomplete": {"params": {"max_unknown_share": 2}}}})
rc("rules_params_negative_margin", err("invalid_rule_parameter", RJ, "rules.indicator_off_track.params"),
   {"rules": {"indicator_off_track": {"params": {"margin": -0.5}}}})
rc("rules_params_progress_thresholds_out_of_order", err("invalid_rule_parameter", RJ, "rules.indicator_off_track.params"),
   {"rules": {"indicator_off_track": {"params": {"method": "open_sdg", "acceleration_ratio": 0.99}}}})
rc("rules_params_unknown_progress_method", err("invalid_rule_parameter", RJ, "rules.indicator_off_track.params"),
   {"rules": {"indicator_off_track": {"params": {"method": "sdg"}}}})
rc("rules_params_inconsistent_negative_tolerance", err("invalid_rule_parameter", RJ, "rules.indicator_inconsistent.params"),
   {"rules": {"indicator_inconsistent": {"params": {"tolerance": -1}}}})
rc("rules_params_threshold_over_one", err("invalid_rule_parameter", RJ, "rules.low_completeness.params"),
   {"rules": {"low_completeness": {"params": {"threshold": 1.5}}}})
rc("rules_params_u64_max_min_history", err("invalid_rule_parameter", RJ, "rules.indicator_outlier.params"),
   {"rules": {"indicator_outlier": {"params": {"min_history": 18446744073709551615}}}},
   note="the same on every target: integer parameters are at most 2^32-1")
rc("rules_params_u64_max_chain", err("invalid_rule_parameter", RJ, "rules.blocked.params"),
   {"rules": {"blocked": {"params": {"max_chain": 18446744073709551615}}}})
rc("rules_scope_wrong_type", err("wrong_type", RJ, "rules.overdue.scope"), {"rules": {"overdue": {"scope": []}}})
rc("rules_scope_unknown_key", err("unknown_field", RJ, "rules.overdue.scope.owner"),
   {"rules": {"overdue": {"scope": {"owner": ["moi"]}}}})

CR = {"id": "c", "subject": "activity", "condition": "days_overdue > 30", "severity": "warning",
      "message": "{id} late"}


def custom(name, expect, note=None, **fields):
    r = dict(CR)
    r.update(fields)
    rc(name, expect, {"custom": [r]}, note=note)


custom("custom_valid", VALID)
custom("custom_valid_unary_minus", VALID, condition="-days_overdue < 0")
custom("custom_syntax_error", err("expression", RJ, "custom[0].condition"), condition="days_overdue >")
custom("custom_unbalanced_parens", err("expression", RJ, "custom[0].condition"), condition="((days_overdue > 1)")
custom("custom_unknown_variable", err("expression", RJ, "custom[0].condition"), condition="nope > 1")
custom("custom_unknown_function", err("expression", RJ, "custom[0].condition"), condition="system('ls')")
custom("custom_empty_condition", err("expression", RJ, "custom[0].condition"), condition="")
custom("custom_nul_in_condition", err("expression", RJ, "custom[0].condition"), condition="days_overdue\u0000 > 1")
custom("custom_too_deep_25", err("expression_limit", RJ, "custom[0].condition"),
       condition="(" * 25 + "days_overdue > 1" + ")" * 25, note="MAX_NESTING is 24")
custom("custom_deep_24_ok", VALID, condition="(" * 24 + "days_overdue > 1" + ")" * 24)
custom("custom_too_deep_64", err("expression_limit", RJ, "custom[0].condition"),
       condition="(" * 64 + "days_overdue > 1" + ")" * 64)
custom("custom_too_deep_10000", err("expression_limit", RJ, "custom[0].condition"),
       condition="(" * 2000 + "true" + ")" * 2000)
custom("custom_deep_lists", err("expression_limit", RJ, "custom[0].condition"),
       condition="[" * 100 + "1" + "]" * 100 + " == []")
custom("custom_many_bangs", err("expression_limit", RJ, "custom[0].condition"), condition="!" * 4000 + "true")
custom("custom_too_many_operators", err("expression_limit", RJ, "custom[0].condition"),
       condition=" + ".join(["1"] * 300) + " > 0")
custom("custom_too_long", err("expression_limit", RJ, "custom[0].condition"),
       condition="days_overdue > 1" + " " * 5000)
custom("custom_not_bool", err("expression", RJ, "custom[0].condition"), condition="'yes'")
custom("custom_bad_subject", err("invalid_value", RJ, "custom[0].subject"), subject="strategy")
custom("custom_bad_severity", err("invalid_value", RJ, "custom[0].severity"), severity="loud")
custom("custom_unknown_placeholder", err("expression", RJ, "custom[0].message"), message="{nope}")
custom("custom_unclosed_placeholder", err("expression", RJ, "custom[0].message"), message="{id")
custom("custom_id_clashes_builtin", err("duplicate_id", RJ, "custom[0].id"), id="overdue")
rc("custom_duplicate_ids", err("duplicate_id", RJ, "custom[1].id"), {"custom": [dict(CR), dict(CR)]})
custom("custom_condition_number", err("wrong_type", RJ, "custom[0].condition"), condition=1)
custom("custom_comprehension_huge", err("expression_limit", RJ, "custom[0].condition"),
       condition="[1,2,3,4,5,6,7,8].all(a, [1,2,3,4,5,6,7,8].all(b, [1,2,3,4,5,6,7,8].all(c, [1,2,3,4,5,6,7,8].all(d, true))))")


# --- resource limits (SECURITY.md) ------------------------------------------------------
iv("limit_plan_span", PJ, "end", lambda p: p.update(end="9999-12-31"), kind="limit_exceeded",
   note="a plan longer than max_plan_years (100): refused before any period is counted")
iv("limit_plan_span_from_year_1", PJ, "end", lambda p: p.update(start="0001-01-01"), kind="limit_exceeded")
custom("custom_template_too_long", err("expression_limit", RJ, "custom[0].message"), message="x" * 4097)
custom("custom_template_at_limit", VALID, message="x" * 4096)
rc("custom_too_many_rules", err("expression_limit", RJ, "custom"),
   {"custom": [dict(CR, id=f"r{k}") for k in range(1001)]})


# --- format versions (core/src/model/format.rs): 1 or absent, anything else refused ------
case("valid_format_1_in_every_file", VALID, plan=with_plan(lambda p: p.update(format=1)),
     monitoring=with_mon(lambda m: m.update(format=1)), rules={"format": 1})
case("format_unknown_plan", err("invalid_value", PJ, "format"), plan=with_plan(lambda p: p.update(format=2)))
case("format_unknown_monitoring", err("invalid_value", MJ, "format"),
     monitoring=with_mon(lambda m: m.update(format=2)))
case("format_unknown_rules", err("invalid_value", RJ, "format"), rules={"format": 99})
case("format_as_text", err("wrong_type", PJ, "format"), plan=with_plan(lambda p: p.update(format="1")))
case("format_fraction", err("wrong_type", PJ, "format"), plan=with_plan(lambda p: p.update(format=1.5)))
case("format_null", err("wrong_type", PJ, "format"), plan=with_plan(lambda p: p.update(format=None)))

# What the engine should refuse but accepts today: the outcome asserted is today's, the
# text says what is wanted. Listed in SECURITY.md.
KNOWN_GAPS = {
}


def main():
    for entry, _ in CASES:
        gap = KNOWN_GAPS.pop(entry["name"], None)
        if gap:
            entry["should"] = entry["expect"]
            entry["expect"], entry["known_gap"] = gap
    assert not KNOWN_GAPS, KNOWN_GAPS
    if CASES_DIR.exists():
        shutil.rmtree(CASES_DIR)
    CASES_DIR.mkdir(parents=True)
    for entry, files in CASES:
        d = CASES_DIR / entry["name"]
        d.mkdir()
        for name, data in files.items():
            (d / name).write_bytes(data)
    manifest = {"as_of": AS_OF, "cases": [entry for entry, _ in CASES]}
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(CASES)} cases")


if __name__ == "__main__":
    main()
