#!/usr/bin/env python3
"""Generate the NSP 2019-2023 example data set: plan.json and monitoring.json.

The plan's structure (strategies, activity groups, declared activity counts,
organisations, monitoring obligations, baseline figures) comes from the seed text
of the National Strategic Plan for Counter Trafficking in Persons 2019-2023
(shared/seed/nsp-2019-2023.txt, OCR-damaged). Individual activities, their dates,
owners and links, indicator targets and all monitoring data are synthetic. See
README.md next to this script for the provenance of every part.

Deterministic: standard library only, a single random.Random(20191017), no clock.
Run it with `python3 generate.py`; it writes plan.json and monitoring.json next to
itself. Running it twice gives identical bytes.
"""

import datetime
import json
import os
import random
import zlib

SEED = 20191017
rng = random.Random(SEED)

D = datetime.date
DAY = datetime.timedelta(days=1)
PLAN_START = D(2019, 1, 1)
PLAN_END = D(2023, 12, 31)
DATA_END = D(2023, 12, 31)  # no activity status update after this day
CUTOFF = D(2024, 1, 31)  # nothing in monitoring.json is dated after this day
SEED_FILE = "shared/seed/nsp-2019-2023.txt"

# ---------------------------------------------------------------------------
# Date and period helpers
# ---------------------------------------------------------------------------


def iso(d):
    return d.isoformat()


def month_end(y, m):
    if m == 12:
        return D(y, 12, 31)
    return D(y, m + 1, 1) - DAY


def add_months(d, n):
    """The same day n months later (clamped to the month's end)."""
    m0 = d.month - 1 + n
    y = d.year + m0 // 12
    m = m0 % 12 + 1
    return D(y, m, min(d.day, month_end(y, m).day))


def days(n):
    return datetime.timedelta(days=n)


YEARS = range(2019, 2024)


def periods(ptype):
    """Every period of ptype in the plan: list of (id, start, end)."""
    out = []
    for y in YEARS:
        if ptype == "monthly":
            for m in range(1, 13):
                out.append(("%04d-%02d" % (y, m), D(y, m, 1), month_end(y, m)))
        elif ptype == "quarterly":
            for q in range(1, 5):
                out.append(("%04dQ%d" % (y, q), D(y, 3 * q - 2, 1), month_end(y, 3 * q)))
        elif ptype == "semi_annual":
            for s in range(1, 3):
                out.append(("%04dS%d" % (y, s), D(y, 6 * s - 5, 1), month_end(y, 6 * s)))
        elif ptype == "ten_month":
            out.append(("%04dT10" % y, D(y, 1, 1), D(y, 10, 31)))
        elif ptype == "annual":
            out.append(("%04d" % y, D(y, 1, 1), D(y, 12, 31)))
        else:
            raise ValueError(ptype)
    return out


QUARTER_ENDS = [end for (_, _, end) in periods("quarterly")]


def split_total(total, weights):
    """Split a non-negative integer total into parts proportional to weights, exactly."""
    s = float(sum(weights))
    raw = [total * w / s for w in weights]
    parts = [int(x) for x in raw]
    rest = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[:rest]:
        parts[i] += 1
    return parts


def jitter_weights(weights, spread):
    return [max(0.0, w * (1.0 + rng.uniform(-spread, spread))) for w in weights]


# ---------------------------------------------------------------------------
# Organisations (seed section 2.2.1)
# ---------------------------------------------------------------------------

MINISTRIES = [
    ("moi", "Ministry of Interior", "MOI"),
    ("moeys", "Ministry of Education, Youth and Sports", "MOEYS"),
    ("mosvy", "Ministry of Social Affairs, Veterans and Youth Rehabilitation", "MOSVY"),
    ("moj", "Ministry of Justice", "MOJ"),
    ("mowa", "Ministry of Women Affairs", "MOWA"),
    ("molvt", "Ministry of Labor and Vocational Training", "MOLVT"),
    ("moh", "Ministry of Health", "MOH"),
    ("mot", "Ministry of Tourism", "MOT"),
    ("com", "Council of Ministers", "COM"),
    ("mofaic", "Ministry of Foreign Affairs and International Cooperation", "MOFAIC"),
    ("mond", "Ministry of National Defense", "MOND"),
    ("moef", "Ministry of Economy and Finance", "MOEF"),
    ("mop", "Ministry of Planning", "MOP"),
    ("moinf", "Ministry of Information", "MOINF"),
    ("mocfa", "Ministry of Culture and Fine Arts", "MOCFA"),
    ("mord", "Ministry of Rural Development", "MORD"),
    ("mopt", "Ministry of Post and Telecommunication", "MOPT"),
    ("moaff", "Ministry of Agriculture, Forestry and Fisheries", "MOAFF"),
    ("moih", "Ministry of Industry and Handicraft", "MOIH"),
    ("mocr", "Ministry of Cult and Religion", "MOCR"),
    ("mopf", "Ministry of Public Function", "MOPF"),
]

UNITS = [
    ("gcnp", "General Commissariat of the National Police", "moi"),
    ("gdimm", "General Department of Immigration", "moi"),
    ("gdid", "General Department of Identification", "moi"),
    ("gendarmerie", "Gendarmerie", "mond"),
    ("rcaf-border", "Department of Border Affairs, Royal Cambodian Armed Forces", "mond"),
]

WORKING_GROUPS = [
    ("wg-prevention", "Prevention Working Group", "moeys"),
    ("wg-protection",
     "Protection, Rehabilitation, Reintegration and Repatriation Working Group", "mosvy"),
    ("wg-law-enforcement", "Law Enforcement Working Group", "gcnp"),
    ("wg-justice", "Justice Affairs Working Group", "moj"),
    ("wg-international-cooperation", "International Cooperation Working Group", "mowa"),
    ("wg-labour-migration", "Labour Migration Working Group", "molvt"),
]

PROVINCES = [
    "Banteay Meanchey", "Battambang", "Kampong Cham", "Kampong Chhnang", "Kampong Speu",
    "Kampong Thom", "Kampot", "Kandal", "Kep", "Koh Kong", "Kratie", "Mondulkiri",
    "Oddar Meanchey", "Pailin", "Phnom Penh", "Preah Sihanouk", "Preah Vihear", "Prey Veng",
    "Pursat", "Ratanakiri", "Siem Reap", "Stung Treng", "Svay Rieng", "Takeo",
    "Tboung Khmum",
]


def slug(name):
    return name.lower().replace(" ", "-")


PCCT_IDS = ["pcct-" + slug(p) for p in PROVINCES]
# Provinces made systematically weak in the synthetic monitoring data.
WEAK_PCCTS = ["pcct-mondulkiri", "pcct-ratanakiri", "pcct-preah-vihear"]


def org(id_, name, kind, abbreviation=None, parent=None, led_by=None):
    o = {"id": id_, "name": name}
    if abbreviation is not None:
        o["abbreviation"] = abbreviation
    o["kind"] = kind
    if parent is not None:
        o["parent"] = parent
    if led_by is not None:
        o["led_by"] = led_by
    return o


def build_organisations():
    orgs = [
        org("ncct", "National Committee for Counter Trafficking", "committee", "NCCT"),
        org("gs-ncct", "General Secretariat of the NCCT", "secretariat", "GS-NCCT",
            parent="ncct"),
    ]
    for id_, name, abbr in MINISTRIES:
        orgs.append(org(id_, name, "ministry", abbr, parent="ncct"))
    for id_, name, parent in UNITS:
        orgs.append(org(id_, name, "specialised_unit", parent=parent))
    for id_, name, lead in WORKING_GROUPS:
        orgs.append(org(id_, name, "working_group", parent="ncct", led_by=lead))
    for p, pid in zip(PROVINCES, PCCT_IDS):
        level = "Municipal" if p == "Phnom Penh" else "Provincial"
        orgs.append(org(pid, "%s %s Committee for Counter Trafficking" % (p, level),
                        "provincial_committee", "PCCT", parent="ncct"))
    for p, pid in zip(PROVINCES, PCCT_IDS):
        level = "Municipal" if p == "Phnom Penh" else "Provincial"
        orgs.append(org(pid + "-secretariat",
                        "Secretariat of the %s %s Committee for Counter Trafficking"
                        % (p, level),
                        "provincial_secretariat", parent=pid))
    return orgs


# ---------------------------------------------------------------------------
# Logframe (seed section 3.6)
# ---------------------------------------------------------------------------

STRATEGIES = [
    ("1", "Strengthen cooperation in the formulation and implementation of laws, policies "
          "and legal standards", 67),
    ("2", "Promote prevention of all forms of human trafficking and sexual exploitation on "
          "children", 106),
    ("3", "Promote law enforcement and criminal justice system", 30),
    ("4", "Increase the protection of victims, especially women and children", 32),
]

INFERRED_LEAD = "Lead inferred from the group's subject; the seed names no lead for it."

# id, title, title_status, count, lead, note
GROUPS = [
    ("1.1", "Develop annual national and sub-national strategic plan and strengthen "
            "mechanism", "complete", 13, "gs-ncct",
     INFERRED_LEAD + " The General Secretariat coordinates NCCT planning (seed 2.2.1)."),
    ("1.2", "Strengthen the structure and capacity of the ministries, organization and "
            "implementing partners", "complete", 9, "gs-ncct", INFERRED_LEAD),
    ("1.3", "Collecting, compiling and building a database on the basis of analysis, "
            "implementation, dissemination and exchange with relevant countries",
     "complete", 13, "gs-ncct",
     INFERRED_LEAD + " NCCT's mandate includes collecting information and analysing data "
                     "(seed 2.2.1)."),
    ("1.4", "Develop regulations and memorandums, agreements and standards of operating "
            "procedure with relevant countries", "complete", 9, "mofaic", INFERRED_LEAD),
    ("1.5", "Strengthen cooperation and capacity with relevant countries to prevent, and "
            "combat cross-border trafficking, provide intervention to the victims and push "
            "for bilateral and multilateral agreements", "complete", 15, "moi",
     INFERRED_LEAD),
    ("1.6", "Revise or / and draft national laws and policies in response to new issues "
            "related to human trafficking", "damaged", 8, "gs-ncct",
     "Title slightly OCR-damaged in the seed (\"trafficking@re are 08\"); repaired to "
     "\"human trafficking\". " + INFERRED_LEAD + " NCCT's mandate includes initiating the "
     "development of laws and policies (seed 2.2.1)."),
    ("2.1", "[illegible], which seeks to measure harmful behavior change", "damaged", 7,
     "moeys",
     "Title OCR-damaged: only \"..., which seeks to measure harmful behavior change\" is "
     "legible in the seed; the count (7) is legible. " + INFERRED_LEAD + " Chosen as the "
     "ministry leading the Prevention Working Group."),
    ("2.2", "Preventive measures by the Ministry of Labor and Vocational Training: Enhancing "
            "the management of recruitment agencies and promoting labor migration policies "
            "for Cambodia (2011-2023)", "complete", 10, "molvt",
     "Lead named in the title."),
    ("2.3", "Preventive measures by strengthening the mechanism of receiving and protecting "
            "workers who have been returned by foreign authorities or returned for various "
            "reasons", "complete", 10, "mosvy",
     INFERRED_LEAD + " MOSVY receives returned and deported persons; MOLVT supports."),
    ("2.4", "Justice Police Skills Measures to Prevent Demand for Services leading to "
            "Trafficking, Trafficking of women and children, and the reduction of risks",
     "complete", 9, "gcnp",
     "Lead inferred from \"Justice Police\" in the title: the National Police."),
    ("2.5", "Preventive measures through inspection of suspected trafficking targets and "
            "developing programs to respond to the needs", "complete", 13, "moi",
     INFERRED_LEAD),
    ("2.6", "Preventing trafficking in persons through marriage between Cambodian and "
            "foreigners", "complete", 4, "mofaic",
     INFERRED_LEAD + " MOFAIC handles marriages between Cambodians and foreigners."),
    ("2.7", "Preventive measures by raising awareness of the laws, policies, instruments and "
            "legal standards applicable to all forms of human trafficking", "complete", 11,
     "moj", INFERRED_LEAD),
    ("2.8", "The Ministry of Culture and Fine Arts preventative measures and the media",
     "complete", 16, "mocfa", "Lead named in the title."),
    ("2.9", "Public awareness campaigns", "complete", 16, "moinf", INFERRED_LEAD),
    ("2.10", "Skills Measures of Ministry of Education: Educational activities in schools "
             "and in the private sector about the protection of children from all forms of "
             "trafficking and exploitation", "complete", 10, "moeys",
     "Lead named in the title."),
    ("3.1", "Strengthening cooperation between law enforcement agencies, courts and social "
            "workers in the country and the diplomatic relations between Cambodia and the "
            "destination countries for the justice of victims", "complete", 14, "moj",
     INFERRED_LEAD),
    ("3.2", "Improving the capacity of relevant government officials for preventive work",
     "complete", 9, "gcnp", INFERRED_LEAD),
    ("3.3", "Strengthen the capacity of law enforcement officers and officials in dealing "
            "with cases of trafficking", "complete", 7, "gcnp", INFERRED_LEAD),
    ("4.1", "Strengthen the implementation of victim identification procedures and provide "
            "appropriate primary services and quality care to victims of all forms of "
            "trafficking, especially [illegible] women and children, receive early support "
            "and care services in [illegible]", "damaged", 21, "mosvy",
     "The end of the title is OCR-damaged in the seed; legible fragments are kept and the "
     "gaps marked [illegible]. The count (21) is legible. " + INFERRED_LEAD),
    ("4.2", "Activity group 4.2 (title illegible in the seed)", "missing", 11, "mosvy",
     "The seed's text for group 4.2 is lost to OCR damage. The count 11 is inferred: "
     "strategy 4 declares 32 activities and group 4.1 declares 21 (32 - 21 = 11). "
     + INFERRED_LEAD),
]

PCCT = "PCCT"  # placeholder in supporting pools: a random provincial committee

# group -> (alternative leads, supporting pool, tags, indicators)
GROUP_DETAIL = {
    "1.1": (["moi", "mop"], ["moi", "mop", "moef", "com", PCCT, PCCT],
            ["provincial", "capacity-building"], []),
    "1.2": (["mopf", "moi"], ["mopf", "moef", "wg-prevention", "wg-protection", PCCT],
            ["capacity-building"], ["officials_trained"]),
    "1.3": (["mop", "gcnp"], ["mop", "gcnp", "mosvy", "gdimm", "moj", "molvt"],
            ["data"], ["cases_investigated", "victims_identified", "suspects_sent_to_court"]),
    "1.4": (["moi", "molvt"], ["moi", "moj", "molvt", "mosvy", "wg-international-cooperation"],
            ["legal-framework", "cross-border"], ["agreements_signed"]),
    "1.5": (["mofaic", "gdimm", "gcnp"],
            ["mofaic", "gdimm", "gcnp", "gendarmerie", "rcaf-border", "mowa"],
            ["cross-border", "capacity-building"], ["agreements_signed", "foreign_suspects"]),
    "1.6": (["moj", "com"], ["moj", "com", "mosvy", "molvt", "mowa"],
            ["legal-framework"], []),
    "2.1": (["mowa", "mosvy"], ["mowa", "mosvy", "moinf", "mop", "wg-prevention"],
            ["awareness", "data"], ["awareness_events"]),
    "2.2": (["wg-labour-migration"], ["moi", "mofaic", "gdimm", "gdid", "wg-labour-migration"],
            ["labour-migration"], []),
    "2.3": (["molvt", "gdimm"], ["molvt", "gdimm", "moh", "mofaic", PCCT],
            ["labour-migration", "cross-border", "victim-services"],
            ["victims_identified", "victims_referred"]),
    "2.4": (["gendarmerie", "moi"], ["gendarmerie", "mot", "moj", "mowa"],
            ["child-protection", "capacity-building"],
            ["cases_investigated", "officials_trained"]),
    "2.5": (["gcnp", "molvt", "mot"], ["gcnp", "molvt", "mot", "mosvy", PCCT],
            ["child-protection", "provincial"], ["cases_investigated", "victims_identified"]),
    "2.6": (["moj", "moi"], ["moj", "moi", "mowa", "gdid"],
            ["cross-border", "legal-framework"], []),
    "2.7": (["gs-ncct", "moinf"], ["moinf", "mowa", "mocr", PCCT],
            ["awareness", "legal-framework"], ["awareness_events"]),
    "2.8": (["moinf"], ["moinf", "mot", "mopt", "mocr"], ["awareness"], ["awareness_events"]),
    "2.9": (["gs-ncct", "mowa", "mocr"],
            ["mowa", "mocr", "mord", "moaff", "moih", "mopt", PCCT, PCCT],
            ["awareness", "provincial"], ["awareness_events"]),
    "2.10": (["mosvy"], ["mosvy", "mowa", "moih", "wg-prevention"],
             ["child-protection", "awareness"], ["awareness_events"]),
    "3.1": (["gcnp", "mofaic"], ["gcnp", "mosvy", "mofaic", "gendarmerie", "wg-justice"],
            ["cross-border", "victim-services"],
            ["suspects_sent_to_court", "convictions", "foreign_suspects"]),
    "3.2": (["gs-ncct", "moi"], ["gs-ncct", "moi", "gdimm", "gendarmerie", "rcaf-border"],
            ["capacity-building"], ["officials_trained"]),
    "3.3": (["moj", "gendarmerie"], ["moj", "gendarmerie", "gdimm", "wg-law-enforcement"],
            ["capacity-building"], ["officials_trained", "cases_investigated", "convictions"]),
    "4.1": (["moh", "mowa", "wg-protection"], ["moh", "mowa", "gcnp", "moj", PCCT],
            ["victim-services", "child-protection"],
            ["victims_identified", "victims_rescued", "victims_referred", "days_to_referral"]),
    "4.2": (["molvt", "mowa"], ["molvt", "mowa", "moh", "mord", PCCT],
            ["victim-services"], ["victims_referred", "days_to_referral"]),
}

ALL_TAGS = ["child-protection", "labour-migration", "cross-border", "capacity-building",
            "awareness", "legal-framework", "victim-services", "data", "provincial"]


def build_strategies():
    return [{"id": sid, "title": title, "declared_activity_count": n}
            for sid, title, n in STRATEGIES]


def build_groups():
    out = []
    for gid, title, status, n, lead, note in GROUPS:
        g = {"id": gid, "strategy": gid.split(".")[0], "title": title}
        if status != "complete":
            g["title_status"] = status
        g["lead"] = lead
        g["declared_activity_count"] = n
        g["note"] = note
        out.append(g)
    return out


# Link types and their lag ranges (days).
LAGS = {"FS": (0, 30), "SS": (0, 60), "FF": (0, 30), "SF": (30, 90)}


def build_activities():
    """Activities with dates, owners and acyclic links (predecessors always come earlier)."""
    acts = []
    by_id = {}
    latest_ok = D(2023, 9, 30)  # a successor must be able to start by then
    for gid, _title, _status, count, glead, _note in GROUPS:
        alt, pool, gtags, ginds = GROUP_DETAIL[gid]
        strategy = int(gid.split(".")[0])
        for n in range(1, count + 1):
            aid = "%s.%d" % (gid, n)
            # Owners.
            lead = glead if rng.random() >= 0.2 else rng.choice(alt)
            k = rng.choice([0, 1, 1, 2, 2, 3])
            supporting = []
            for s in rng.sample(pool, min(k, len(pool))):
                if s == PCCT:
                    s = rng.choice(PCCT_IDS)
                if s != lead and s not in supporting:
                    supporting.append(s)
            # Base dates: strategy 1 (mechanisms, laws) tends to come earlier.
            skew = 1.6 if strategy == 1 else 1.15
            start_m = int((rng.random() ** skew) * 52)
            start = add_months(PLAN_START, start_m)
            dur = rng.randint(2, 24)
            # Predecessors: ~40% of activities, 1-2 earlier ones.
            deps = []
            if acts and rng.random() < 0.40:
                same = [a for a in acts if a["group"] == gid]
                earlier = [a for a in acts if a["group"] != gid]
                want = 1 if rng.random() < 0.7 else 2
                tries = 0
                while len(deps) < want and tries < 20:
                    tries += 1
                    src = same if (same and (rng.random() < 0.7 or not earlier)) else earlier
                    if not src:
                        break
                    pred = rng.choice(src[-8:] if src is same else src)
                    if any(d["activity"] == pred["id"] for d in deps):
                        continue
                    r = rng.random()
                    t = "FS" if r < 0.72 else "SS" if r < 0.84 else "FF" if r < 0.94 else "SF"
                    lo, hi = LAGS[t]
                    lag = rng.randint(lo, hi)
                    if t == "FS" and rng.random() < 0.4:
                        lag = 0
                    pstart, pend = D.fromisoformat(pred["planned_start"]), D.fromisoformat(
                        pred["deadline"])
                    if t == "FS" and pend + days(lag + 1) > latest_ok:
                        continue
                    if t == "SS" and pstart + days(lag) > latest_ok:
                        continue
                    if t == "FF" and pend + days(lag) > D(2023, 11, 30):
                        continue
                    if t == "SF" and pstart + days(lag) > D(2023, 11, 30):
                        continue
                    deps.append({"activity": pred["id"], "type": t, "lag_days": lag})
            # Apply the links to the dates.
            for d in deps:
                p = by_id[d["activity"]]
                pstart, pend = D.fromisoformat(p["planned_start"]), D.fromisoformat(p["deadline"])
                if d["type"] == "FS":
                    start = max(start, pend + days(d["lag_days"] + 1))
                elif d["type"] == "SS":
                    start = max(start, pstart + days(d["lag_days"]))
            start = min(start, latest_ok + DAY)
            deadline = add_months(start, dur) - DAY
            for d in deps:
                p = by_id[d["activity"]]
                pstart, pend = D.fromisoformat(p["planned_start"]), D.fromisoformat(p["deadline"])
                if d["type"] == "FF":
                    deadline = max(deadline, pend + days(d["lag_days"]))
                elif d["type"] == "SF":
                    deadline = max(deadline, pstart + days(d["lag_days"]))
            deadline = min(deadline, PLAN_END)
            if deadline > add_months(start, 24) - DAY:
                # A finish link pushed the deadline: start later to keep within 24 months.
                start = add_months(deadline + DAY, -dur)
            if (deadline - start).days < 61:
                deadline = min(PLAN_END, start + days(61))
            # Indicators and tags.
            inds = []
            if ginds and rng.random() < 0.62:
                inds = sorted(rng.sample(ginds, rng.choice([1, 1, 2]) if len(ginds) > 1 else 1))
            tags = rng.sample(gtags, rng.randint(1, len(gtags)))
            if rng.random() < 0.12:
                extra = rng.choice(ALL_TAGS)
                if extra not in tags:
                    tags.append(extra)
            tags = [t for t in ALL_TAGS if t in tags]
            a = {"id": aid, "group": gid,
                 "title": "Major activity %s (placeholder: the seed does not name individual "
                          "activities)" % aid,
                 "title_status": "placeholder", "lead": lead}
            if supporting:
                a["supporting"] = supporting
            a["planned_start"] = iso(start)
            a["deadline"] = iso(deadline)
            if deps:
                a["depends_on"] = deps
            if inds:
                a["indicators"] = inds
            a["tags"] = tags
            acts.append(a)
            by_id[aid] = a
    return acts


# ---------------------------------------------------------------------------
# Indicators (figures from the results paragraph at the end of seed section 2)
# ---------------------------------------------------------------------------

SEX = {"dimension": "sex", "categories": ["female", "male", "unknown"]}
SEX2 = {"dimension": "sex", "categories": ["female", "male"]}
AGE = {"dimension": "age_band", "categories": ["under_15", "15_17", "18_plus", "unknown"]}
BASE_SRC = ("Seed text, results paragraph at the end of section 2 (page 11, just before "
            "section 3): annual figures for a reported year before the plan (the year is "
            "illegible, most likely 2018); partly OCR-damaged")
SYNTH_TARGETS = "Targets are synthetic (invented for this example), not from the seed."


def quarter_targets(first, growth, rounding=0):
    out = []
    for pid, _s, _e in periods("quarterly"):
        y = int(pid[:4]) - 2019
        v = first * (1 + growth) ** y
        out.append({"period": pid, "value": round(v, rounding) if rounding else int(round(v))})
    return out


def annual_targets(values):
    return [{"period": str(y), "value": v} for y, v in zip(YEARS, values)]


def indicator(id_, name, unit, frequency, direction="higher_is_better",
              target_kind="per_period", owner=None, baseline=None, targets=(),
              disaggregations=(), note=None):
    i = {"id": id_, "name": name, "unit": unit, "direction": direction,
         "frequency": frequency, "target_kind": target_kind}
    if owner:
        i["owner"] = owner
    if baseline:
        i["baseline"] = baseline
    if targets:
        i["targets"] = list(targets)
    if disaggregations:
        i["disaggregations"] = list(disaggregations)
    if note:
        i["note"] = note
    return i


def build_indicators():
    return [
        indicator("cases_investigated", "Trafficking cases investigated", "cases", "quarterly",
                  owner="gcnp", targets=quarter_targets(70, 0.06),
                  note="No legible baseline in the seed. " + SYNTH_TARGETS),
        indicator("suspects_sent_to_court", "Suspects apprehended and sent to court",
                  "persons", "quarterly", owner="gcnp",
                  baseline={"value": 85, "date": "2019-01-01", "source": BASE_SRC},
                  targets=quarter_targets(23, 0.06),
                  note="Baseline OCR-damaged: the seed reads \"/85, ects were apprehended and "
                       "sent to court (12 persons increase, or 14%)\"; 85 is taken as the "
                       "figure (12 is 14% of 85, which is consistent). The baseline is an "
                       "annual figure; the indicator is quarterly. " + SYNTH_TARGETS),
        indicator("convictions", "Traffickers convicted", "persons", "quarterly", owner="moj",
                  targets=quarter_targets(15, 0.06),
                  note="No legible baseline in the seed. " + SYNTH_TARGETS),
        indicator("victims_identified", "Victims of trafficking identified", "persons",
                  "quarterly", owner="mosvy", targets=quarter_targets(80, 0.04),
                  disaggregations=[SEX, AGE],
                  note="Required breakdowns: sex and age band (the seed's bands: under 15, "
                       "15-17, 18 and over). Form of exploitation (sexual, labour, organ "
                       "removal, child, marriage) is named in the seed but not required here. "
                       + SYNTH_TARGETS),
        indicator("victims_rescued", "Persons rescued", "persons", "quarterly", owner="gcnp",
                  baseline={"value": 263, "date": "2019-01-01",
                            "source": BASE_SRC + ": 263 persons rescued, 70 aged under 15, "
                                      "31 aged 15-17, 162 aged 18 and over (162 derived: "
                                      "263 - 70 - 31; the seed's own figure is illegible)"},
                  targets=quarter_targets(68, 0.04), disaggregations=[SEX, AGE],
                  note="The baseline is an annual figure; the indicator is quarterly. "
                       + SYNTH_TARGETS),
        indicator("victims_referred", "Victims referred to social affairs services", "persons",
                  "quarterly", owner="mosvy",
                  baseline={"value": 72, "date": "2019-01-01",
                            "source": BASE_SRC + ": 72 persons referred to the Department "
                                      "of Social Affairs (and 191 otherwise; 72 + 191 = 263)"},
                  targets=quarter_targets(22, 0.08),
                  note="The baseline is an annual figure; the indicator is quarterly. "
                       + SYNTH_TARGETS),
        indicator("officials_trained", "Officials trained on counter trafficking", "persons",
                  "quarterly", target_kind="cumulative", owner="gs-ncct",
                  targets=annual_targets([900, 1900, 2900, 4000, 5200]),
                  disaggregations=[SEX2],
                  note="Cumulative since 2019-01-01; annual targets are year-end running "
                       "totals; actuals are reported per quarter. " + SYNTH_TARGETS),
        indicator("awareness_events", "Awareness-raising events held", "events", "monthly",
                  target_kind="cumulative", owner="gs-ncct",
                  targets=annual_targets([300, 620, 950, 1300, 1660]),
                  note="Cumulative since 2019-01-01; annual targets are year-end running "
                       "totals; actuals are reported per month. " + SYNTH_TARGETS),
        indicator("agreements_signed", "Bilateral and multilateral agreements and MOUs signed",
                  "agreements", "annual", target_kind="cumulative", owner="mofaic",
                  targets=annual_targets([2, 4, 6, 8, 10]),
                  note="Cumulative since 2019-01-01. " + SYNTH_TARGETS),
        indicator("foreign_suspects", "Foreign nationals among suspects sent to court",
                  "persons", "quarterly", owner="gdimm",
                  baseline={"value": 22, "date": "2019-01-01",
                            "source": BASE_SRC + ": 22 foreigners among the suspects, "
                                      "including 12 Chinese and 2 Americans"},
                  targets=quarter_targets(6, 0.05),
                  note="The baseline is an annual figure; the indicator is quarterly. "
                       + SYNTH_TARGETS),
        indicator("days_to_referral", "Median days from victim identification to referral",
                  "days", "quarterly", direction="lower_is_better", owner="mosvy",
                  targets=quarter_targets(21, -0.12, rounding=1),
                  note="Lower is better. No baseline in the seed. " + SYNTH_TARGETS),
    ]


RELATIONS = [
    ("convictions", "<=", "suspects_sent_to_court"),
    ("suspects_sent_to_court", "<=", "cases_investigated"),
    ("victims_referred", "<=", "victims_identified"),
    ("foreign_suspects", "<=", "suspects_sent_to_court"),
]

# ---------------------------------------------------------------------------
# Obligations (seed section 4.3)
# ---------------------------------------------------------------------------

REPORT_KINDS = ["provincial_committee", "specialised_unit", "working_group"]
REPORTING = [
    ("report-monthly", "monthly", 10),
    ("report-quarterly", "quarterly", 15),
    ("report-semi-annual", "semi_annual", 20),
    ("report-ten-month", "ten_month", 20),
    ("report-annual", "annual", 30),
]

MEETINGS = [
    ("meeting-pcct-secretariat", "Monthly meeting of the provincial/municipal secretariat",
     "monthly", {"kinds": ["provincial_secretariat"]}, 7),
    ("meeting-general-secretariat", "Meeting of the General Secretariat (frequency assumed)",
     "monthly", {"ids": ["gs-ncct"]}, 7),
    ("meeting-working-groups", "Technical working group meeting (frequency assumed)",
     "quarterly", {"kinds": ["working_group"]}, 15),
    ("meeting-ncct-quarterly", "Quarterly meeting of the National Committee", "quarterly",
     {"ids": ["ncct"]}, 15),
    ("meeting-ncct-semester", "Semester meeting of the National Committee", "semi_annual",
     {"ids": ["ncct"]}, 15),
    ("meeting-ncct-annual", "Yearly meeting of the National Committee", "annual",
     {"ids": ["ncct"]}, 15),
]


def build_reporting():
    return [{"id": oid, "report_type": pt, "reporters": {"kinds": list(REPORT_KINDS)},
             "recipient": "gs-ncct", "grace_days": g} for oid, pt, g in REPORTING]


def build_meeting_obligations():
    return [{"id": oid, "title": title, "frequency": pt, "organisers": dict(sel),
             "grace_days": g} for oid, title, pt, sel, g in MEETINGS]


PLAN_NOTES = [
    "Source: the English translation of the National Strategic Plan for Counter Trafficking "
    "in Persons 2019-2023 (NCCT, Phnom Penh, 17 October 2019), as an OCR-damaged text "
    "(" + SEED_FILE + "). Generated by examples/nsp-2019-2023/generate.py; see README.md.",
    "From the seed: the plan span (5 fiscal years 2019-2023, calendar years); the four "
    "strategies (titles from section 3.6); the 23 activity groups with their titles and "
    "declared activity counts (67 + 106 + 30 + 32 = 235); the NCCT, its General "
    "Secretariat, the 21 member ministries, the 5 specialised units, the 6 working groups "
    "and the provincial/municipal committees with their secretariats (section 2.2.1, 2.5); "
    "the monitoring meetings and reports (section 4.3); the baseline figures of 4 "
    "indicators (results paragraph at the end of section 2).",
    "Damaged in the seed and repaired or kept partial: group titles 1.6 (slightly damaged, "
    "repaired), 2.1 (only the end is legible), 4.1 (end damaged); group 4.2 has no legible "
    "title and its count 11 is inferred as 32 - 21; strategy 2's heading in the activity "
    "list is lost (its title is taken from the list in section 3.6); the suspects figure "
    "(85) is OCR-damaged.",
    "Strategy 3 is titled as in the list of section 3.6 (\"Promote law enforcement and "
    "criminal justice system\"); its heading above the activity groups reads \"Strengthen "
    "the Criminal Justice System in response to trafficking in persons and child sexual "
    "abuse\".",
    "Organisations: the seed's Ministry of Information abbreviation is OCR-damaged "
    "(\"MOIf\"); it is given as MOINF, id moinf. The seed numbers the specialised units "
    "1, 2, 4, 4, 5 (an OCR or typing slip): there are five. The seed names no ministry "
    "for the Gendarmerie: it is the Royal Gendarmerie, placed under the Ministry of "
    "National Defence (mond). \"(MOD)\" after the Department of Border Affairs is read as "
    "the Ministry of National Defense (mond). The General Secretariat's abbreviation "
    "GS-NCCT and the organisations' ids are ours.",
    "Working groups: only the Prevention Working Group's name is fully legible. The others "
    "are reconstructed from fragments and leads: \"...habilitation\" (Protection, "
    "Rehabilitation, Reintegration and Repatriation; its lead is illegible and is taken to "
    "be MOSVY), \"...ment Working Group, led by National Police Commissioner\" (Law "
    "Enforcement, led by the National Police), \"...airs Working Group, led by Minister of "
    "Justice\" (Justice Affairs), \"...lirelation Working Group, led by Minister of Women "
    "Affairs\" (International Cooperation; the fragment suggests \"International "
    "Relation\"), \"...rking Group, led by Minister of Labor and Vocational Training\" "
    "(Labour Migration).",
    "Provinces: the seed says there are 25 PCCTs but does not list them; the 25 "
    "provinces and municipality of Cambodia are used, each committee with one secretariat. "
    "The PCCTs' own six working groups and the district, Khan and commune networks are not "
    "modelled.",
    "Inferred: the lead of every activity group whose title names no ministry (see each "
    "group's note); the frequency of the General Secretariat's meetings (monthly) and of "
    "the technical working group meetings (quarterly), which the seed does not give; grace "
    "days of all obligations.",
    "Synthetic (invented for the example): every individual activity (the seed names "
    "groups and counts, not activities), so their titles are placeholders and their "
    "owners, dates, links, indicators and tags are generated; all indicator targets; the "
    "indicators without a seed baseline; all monitoring data (monitoring.json).",
]


def build_plan():
    return {
        "id": "nsp-2019-2023",
        "title": "National Strategic Plan for Counter Trafficking in Persons 2019-2023",
        "start": iso(PLAN_START),
        "end": iso(PLAN_END),
        "fiscal_year_start_month": 1,
        "source": "National Committee for Counter Trafficking (NCCT), Five-Year National "
                  "Strategic Plan for Counter Trafficking 2019-2023, Phnom Penh, "
                  "17 October 2019; English translation by Rattanak International. "
                  "OCR text: " + SEED_FILE + ".",
        "notes": PLAN_NOTES,
        "organisations": build_organisations(),
        "strategies": build_strategies(),
        "groups": build_groups(),
        "activities": build_activities(),
        "indicators": build_indicators(),
        "indicator_relations": [{"left": l, "op": op, "right": r} for l, op, r in RELATIONS],
        "reporting_obligations": build_reporting(),
        "meeting_obligations": build_meeting_obligations(),
    }


# ---------------------------------------------------------------------------
# Monitoring: activity status updates
# ---------------------------------------------------------------------------


def progress_at(q, start, finish_est):
    span = max(1, (finish_est - start).days)
    frac = (q - start).days / span
    return int(max(5, min(95, 5 * round(frac * 20))))


def simulate_activities(plan, planted):
    acts = plan["activities"]
    succ_fs = set()
    for a in acts:
        for d in a.get("depends_on", []):
            if d["type"] in ("FS", "SS"):
                succ_fs.add(d["activity"])
    # A few activities start before their only (FS) predecessor finished.
    violations_wanted = 4
    sim = {}
    updates = []
    for a in acts:
        aid = a["id"]
        ps = D.fromisoformat(a["planned_start"])
        dl = D.fromisoformat(a["deadline"])
        dur = (dl - ps).days
        r = rng.random()
        if dl > D(2023, 9, 30):
            fate = "done_on_time" if r < 0.45 else "done_late" if r < 0.55 else "open"
        else:
            fate = ("done_on_time" if r < 0.52 else "done_late" if r < 0.80 else
                    "overdue" if r < 0.87 else "cancelled" if r < 0.915 else
                    "never" if r < 0.945 else "stale")
        if aid in succ_fs and fate in ("overdue", "never", "stale", "open"):
            # Predecessors mostly get done, or their successors could never start.
            fate = "done_late" if rng.random() < 0.6 else "done_on_time"
        # Start.
        if fate == "never":
            start = None
        elif fate in ("done_late",) and rng.random() < 0.5:
            start = ps + days(rng.randint(30, 150))
        else:
            start = ps + days(rng.randint(-10, 25))
        blocked = False
        violated = False
        if start is not None:
            for d in a.get("depends_on", []):
                p = sim[d["activity"]]
                if d["type"] == "FS":
                    if p["finish"] is None:
                        blocked = True
                    elif (len(a["depends_on"]) == 1 and violations_wanted > 0
                          and D(2020, 1, 1) <= p["finish"] <= D(2021, 12, 31)
                          and rng.random() < 0.25):
                        start = max(p["start"] + DAY, p["finish"] - days(rng.randint(20, 60)))
                        violated = True
                        violations_wanted -= 1
                    else:
                        start = max(start, p["finish"] + days(d["lag_days"] + 1))
                elif d["type"] == "SS":
                    if p["start"] is None:
                        blocked = True
                    else:
                        start = max(start, p["start"] + days(d["lag_days"]))
        if blocked or (start is not None and start > DATA_END - days(20)):
            start = None
            if fate != "cancelled":
                fate = "never"
        # Finish.
        finish = None
        finish_est = None
        if start is not None:
            if fate == "done_on_time":
                finish = max(start + days(max(30, dur // 2)), dl - days(rng.randint(0, 30)))
            elif fate == "done_late":
                finish = max(start + days(max(45, dur * 3 // 4)), dl + days(rng.randint(20, 300)))
            else:
                finish_est = dl + days(rng.randint(60, 400)) if fate != "open" else \
                    max(dl, start + days(60)) + days(rng.randint(-20, 60))
            for d in a.get("depends_on", []):
                p = sim[d["activity"]]
                if d["type"] == "FF" and finish is not None:
                    if p["finish"] is None:
                        finish_est, finish = finish, None
                    else:
                        finish = max(finish, p["finish"] + days(d["lag_days"]))
                elif d["type"] == "SF" and finish is not None and p["start"] is not None:
                    finish = max(finish, p["start"] + days(d["lag_days"]))
            if finish is not None and finish > DATA_END:
                finish_est, finish = finish, None
                if fate.startswith("done"):
                    fate = "open" if dl >= D(2023, 10, 1) else "overdue"
            if finish_est is not None and finish_est <= start:
                finish_est = start + days(90)
        if finish is not None:
            fate = "done"
        sim[aid] = {"start": start, "finish": finish, "fate": fate, "violated": violated}
        if violated:
            planted["dependency_violations"].append(aid)
        updates.extend(status_series(aid, ps, dl, start, finish, finish_est, fate, planted))
    return sim, updates


def status_series(aid, ps, dl, start, finish, finish_est, fate, planted):
    out = []
    first = min(ps, start) if start else ps
    qs = [q for q in QUARTER_ENDS if q >= first]
    stop = None
    if fate == "stale":
        # Reports stop a year or more before the end of the data.
        opts = [q for q in qs if start and q >= start and q <= D(2022, 12, 31)]
        stop = opts[min(len(opts) - 1, rng.randint(0, 2))] if opts else None
        if stop is None:
            fate = "overdue"
    cancel_at = None
    if fate == "cancelled":
        base = start or ps
        cancel_at = min(DATA_END, base + days(rng.randint(60, 400)))
    for q in qs:
        if stop and q > stop:
            break
        if cancel_at and q >= cancel_at:
            break
        if rng.random() < 0.06 and q != qs[-1]:
            continue  # an occasional missed quarterly update
        if start is None or q < start:
            if q < ps:
                continue
            out.append(upd(aid, q, "not_started", 0))
        elif finish is None or q < finish:
            est = finish or finish_est
            out.append(upd(aid, q, "in_progress", progress_at(q, start, est), start))
        else:
            break
    if finish is not None:
        fdate = min(DATA_END, finish + days(rng.randint(0, 20)))
        out = [u for u in out if u["date"] < iso(fdate)]
        out.append(upd(aid, fdate, "done", 100, start, finish))
    if cancel_at is not None:
        last = out[-1]["progress"] if out else 0
        out = [u for u in out if u["date"] < iso(cancel_at)]
        out.append(upd(aid, cancel_at, "cancelled", last, start if start and start <= cancel_at
                       else None, note="Cancelled by the lead ministry (synthetic)."))
        planted["cancelled"].append(aid)
    if fate == "stale" and out:
        planted["stale"].append((aid, out[-1]["date"]))
    return out


def upd(aid, date, status, progress, start=None, finish=None, note=None):
    u = {"activity": aid, "date": iso(date), "status": status, "progress": progress}
    if start is not None:
        u["actual_start"] = iso(start)
    if finish is not None:
        u["actual_finish"] = iso(finish)
    if note is not None:
        u["note"] = note
    return u


# ---------------------------------------------------------------------------
# Monitoring: submissions
# ---------------------------------------------------------------------------


def build_submissions(plan, planted):
    orgs = plan["organisations"]
    reporters = [o["id"] for o in orgs if o["kind"] in REPORT_KINDS]
    assert len(reporters) == 36
    subs = []
    for oid, pt, grace in REPORTING:
        for rid in reporters:
            weak = rid in WEAK_PCCTS
            p_missing, p_late = (0.35, 0.35) if weak else (0.03, 0.11)
            for pid, _s, end in periods(pt):
                r = rng.random()
                if r < p_missing:
                    continue
                if r < p_missing + p_late:
                    date = end + days(grace + rng.randint(1, 45))
                else:
                    date = end + days(rng.randint(0, grace))
                if date > CUTOFF:
                    continue  # not yet received when the data were cut
                subs.append({"reporter": rid, "report_type": pt, "period": pid,
                             "submitted": iso(date)})
    # One duplicate: the same report sent again a few days later.
    dup = next(s for s in subs if s["reporter"] == "pcct-kampot"
               and s["report_type"] == "monthly" and s["period"] == "2020-03")
    again = dict(dup)
    again["submitted"] = iso(D.fromisoformat(dup["submitted"]) + days(4))
    subs.append(again)
    planted["duplicate_submission"] = again
    # One report nobody expects: a quarterly report from a ministry.
    unexpected = {"reporter": "mowa", "report_type": "quarterly", "period": "2021Q1",
                  "submitted": "2021-04-09"}
    subs.append(unexpected)
    planted["unexpected_submission"] = unexpected
    subs.sort(key=lambda s: s["submitted"])  # a received-log; stable for ties
    return subs


# ---------------------------------------------------------------------------
# Monitoring: indicator values
# ---------------------------------------------------------------------------

SEX_W = [0.64, 0.33, 0.03]
AGE_W = [0.26, 0.12, 0.60, 0.02]


def breakdown(total, dims):
    out = {}
    for dim in dims:
        cats = dim["categories"]
        if dim["dimension"] == "sex":
            w = SEX_W[:len(cats)] if len(cats) == 3 else [0.45, 0.55]
        else:
            w = AGE_W
        parts = split_total(int(total), jitter_weights(w, 0.25))
        out[dim["dimension"]] = {c: v for c, v in sorted(zip(cats, parts))}
    return dict(sorted(out.items()))


def build_actuals(plan, planted):
    inds = {i["id"]: i for i in plan["indicators"]}
    q = periods("quarterly")
    # Quarterly series with growth, seasonality and noise.
    series = {}

    def grow(base, g, noise):
        vals = []
        for k, (pid, _s, _e) in enumerate(q):
            season = 1.0 + 0.08 * [0, 1, 0, -1][k % 4]
            covid = 0.7 if pid in ("2020Q2", "2020Q3") else 1.0
            v = base * (1 + g) ** (k / 4) * season * covid * rng.uniform(1 - noise, 1 + noise)
            vals.append(max(0, int(round(v))))
        return vals

    cases = grow(78, 0.05, 0.12)
    suspects = [min(c, int(round(c * rng.uniform(0.26, 0.36)))) for c in cases]
    convictions = [int(round(s * rng.uniform(0.55, 0.85))) for s in suspects]
    foreign = [int(round(s * rng.uniform(0.12, 0.32))) for s in suspects]
    identified = grow(82, 0.03, 0.15)
    rescued = [int(round(v * rng.uniform(0.70, 0.92))) for v in identified]
    referred = [int(round(v * rng.uniform(0.25, 0.45))) for v in identified]
    trained = grow(240, 0.04, 0.25)
    days_ref = [round(max(6.0, 22 * (0.9 ** (k / 4)) * rng.uniform(0.85, 1.15)), 1)
                for k in range(len(q))]
    series.update(cases_investigated=cases, suspects_sent_to_court=suspects,
                  convictions=convictions, foreign_suspects=foreign,
                  victims_identified=identified, victims_rescued=rescued,
                  victims_referred=referred, officials_trained=trained,
                  days_to_referral=days_ref)
    # Planted defects.
    qi = {pid: k for k, (pid, _s, _e) in enumerate(q)}
    k = qi["2021Q1"]
    convictions[k] = suspects[k] + 6
    planted["actuals"].append("convictions 2021Q1 > suspects_sent_to_court 2021Q1 "
                              "(%d > %d)" % (convictions[k], suspects[k]))
    k = qi["2022Q2"]
    cases[k] = cases[k] * 11
    planted["actuals"].append("cases_investigated 2022Q2 extreme outlier (%d)" % cases[k])
    skip = {("victims_referred", "2023Q2"), ("awareness_events", "2020-04")}
    planted["actuals"].append("victims_referred 2023Q2 not reported")
    planted["actuals"].append("awareness_events 2020-04 not reported")

    out = []
    order = ["cases_investigated", "suspects_sent_to_court", "convictions",
             "victims_identified", "victims_rescued", "victims_referred",
             "officials_trained", "awareness_events", "agreements_signed",
             "foreign_suspects", "days_to_referral"]
    for iid in order:
        ind = inds[iid]
        if ind["frequency"] == "quarterly":
            rows = [(pid, end, series[iid][k]) for k, (pid, _s, end) in enumerate(q)]
        elif iid == "awareness_events":
            rows = []
            for k, (pid, _s, end) in enumerate(periods("monthly")):
                covid = 0.4 if pid in ("2020-05", "2020-06") else 1.0
                v = int(round((20 + 0.15 * k) * covid * rng.uniform(0.7, 1.3)))
                rows.append((pid, end, v))
        else:  # agreements_signed, annual
            rows = [(pid, end, v) for (pid, _s, end), v in zip(periods("annual"), [2, 1, 3, 2, 1])]
        for pid, end, value in rows:
            if (iid, pid) in skip:
                continue
            rep = end + days(rng.randint(4, 25))
            a = {"indicator": iid, "period": pid, "value": value,
                 "reported_by": ind.get("owner"), "reported": iso(min(rep, CUTOFF))}
            if ind.get("disaggregations"):
                dis = breakdown(value, ind["disaggregations"])
                if iid == "victims_identified" and pid == "2020Q2":
                    del dis["sex"]
                    planted["actuals"].append("victims_identified 2020Q2 sex breakdown missing")
                if iid == "victims_identified" and pid == "2021Q3":
                    dis["age_band"]["18_plus"] -= 9
                    planted["actuals"].append("victims_identified 2021Q3 age_band parts sum "
                                              "to the total - 9")
                if iid == "victims_rescued" and pid == "2022Q4":
                    unknown = int(round(value * 0.58))
                    known = split_total(value - unknown, AGE_W[:3])
                    dis["age_band"] = {"15_17": known[1], "18_plus": known[2],
                                       "under_15": known[0], "unknown": unknown}
                    planted["actuals"].append("victims_rescued 2022Q4 age_band unknown = "
                                              "%d of %d" % (unknown, value))
                a["disaggregation"] = dis
            out.append(a)
    return out


# ---------------------------------------------------------------------------
# Monitoring: meetings
# ---------------------------------------------------------------------------


def build_meetings(plan, planted):
    orgs = plan["organisations"]
    late = {
        ("meeting-pcct-secretariat", "pcct-kampot-secretariat", "2020-02"): D(2020, 3, 20),
        ("meeting-working-groups", "wg-justice", "2021Q2"): D(2021, 7, 9),
        ("meeting-ncct-semester", "ncct", "2022S1"): D(2022, 7, 28),
    }
    out = []
    for oid, _title, pt, sel, grace in MEETINGS:
        organisers = [o["id"] for o in orgs
                      if o["id"] in sel.get("ids", []) or o["kind"] in sel.get("kinds", [])]
        for org_id in organisers:
            weak = org_id[:-len("-secretariat")] in WEAK_PCCTS
            p_missed = 0.30 if weak else 0.05
            for pid, start, end in periods(pt):
                key = (oid, org_id, pid)
                if key in late:
                    out.append({"obligation": oid, "organiser": org_id,
                                "date": iso(late[key]), "period": pid})
                    planted["late_meetings"].append("%s %s %s held %s (grace %d days)"
                                                    % (oid, org_id, pid, late[key], grace))
                    continue
                if rng.random() < p_missed:
                    planted["missed_meetings"] += 1
                    continue
                span = (end - start).days
                # Longer periods: meetings tend to fall in the last month.
                lo = max(0, span - 30) if pt in ("quarterly", "semi_annual", "annual") else 2
                date = start + days(rng.randint(lo, max(lo, span - 1)))
                out.append({"obligation": oid, "organiser": org_id, "date": iso(date)})
    return out


# ---------------------------------------------------------------------------


def build_monitoring(plan):
    planted = {"dependency_violations": [], "cancelled": [], "stale": [], "actuals": [],
               "late_meetings": [], "missed_meetings": 0}
    _sim, updates = simulate_activities(plan, planted)
    subs = build_submissions(plan, planted)
    actuals = build_actuals(plan, planted)
    meetings = build_meetings(plan, planted)
    mon = {
        "plan": plan["id"],
        "synthetic": True,
        "notes": [
            "Synthetic monitoring data, invented for the example: no figure here was "
            "collected. Made by generate.py with random.Random(%d); regenerate with "
            "python3 generate.py." % SEED,
            "Covers 2019-01-01 to 2023-12-31. Activity status updates are dated quarter-ends "
            "and completion days up to 2023-12-31; reports, indicator values and meetings "
            "received up to 2024-01-31 are included (later ones are treated as not yet "
            "received).",
            "Indicator values are per-period values (not running totals), also for "
            "cumulative indicators.",
            "Deliberate defects are planted for the monitoring rules to find (late and "
            "missing reports, weak provinces, a duplicate and an unexpected report, "
            "overdue, stale, cancelled and never-started activities, dependency violations, "
            "indicator breakdown and relation defects, an outlier, missed and late "
            "meetings); README.md lists them.",
        ],
        "status_updates": updates,
        "submissions": subs,
        "indicator_actuals": actuals,
        "meetings": meetings,
    }
    return mon, planted


# ---------------------------------------------------------------------------
# Schedule baselines: the plan as adopted and the mid-term review (synthetic)
# ---------------------------------------------------------------------------

ORIGINAL_ADOPTED = D(2019, 1, 1)
MID_TERM_ADOPTED = D(2021, 3, 31)


def build_baselines(acts):
    """The plan's two schedule baselines. The activities' own dates are the schedule in
    force since a (synthetic) mid-term review adopted on MID_TERM_ADOPTED; the review's
    baseline holds them. The original baseline holds the dates the review moved from:
    about a third of the activities in progress at the review had their deadline
    extended by 3, 6 or 9 months (some had already passed it), and about a quarter of those
    not yet started were rescheduled by as much, start and deadline. The choice hashes
    the activity id (zlib.crc32), so it draws nothing from the random generator."""
    original = []
    for a in acts:
        start = D.fromisoformat(a["planned_start"])
        deadline = D.fromisoformat(a["deadline"])
        pick = zlib.crc32(a["id"].encode("utf-8")) % 12
        months = (3, 6, 9)[pick % 3]
        o_start, o_deadline = start, deadline
        if pick < 4 and start <= MID_TERM_ADOPTED < deadline:
            moved = add_months(deadline + DAY, -months) - DAY
            if (moved - start).days >= 61:
                o_deadline = moved
        elif pick < 3 and start > MID_TERM_ADOPTED:
            moved_start = add_months(start, -months)
            if moved_start > MID_TERM_ADOPTED - days(365):
                o_start = moved_start
                o_deadline = add_months(deadline + DAY, -months) - DAY
        original.append({"activity": a["id"], "planned_start": iso(o_start),
                         "deadline": iso(o_deadline)})
    current = [{"activity": a["id"], "planned_start": a["planned_start"],
                "deadline": a["deadline"]} for a in acts]
    return [
        {"id": "original-2019", "name": "NSP 2019-2023 as adopted",
         "adopted": iso(ORIGINAL_ADOPTED),
         "note": "Synthetic: the dates the mid-term review moved from (generate.py).",
         "activities": original},
        {"id": "mid-term-2021", "name": "Mid-term review re-baselining",
         "adopted": iso(MID_TERM_ADOPTED),
         "note": "Synthetic: a plausible mid-term re-baselining that extended deadlines "
                 "slipped by COVID-19 restrictions; the plan's dates are this baseline's.",
         "activities": current},
    ]


def dump(obj, path):
    text = json.dumps(obj, indent=1, ensure_ascii=False) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    plan = build_plan()
    mon, planted = build_monitoring(plan)
    # After the monitoring data, which draws from the random generator: the baselines
    # draw nothing, so adding them changed no other byte.
    plan["schedule_baselines"] = build_baselines(plan["activities"])
    dump(plan, os.path.join(here, "plan.json"))
    dump(mon, os.path.join(here, "monitoring.json"))
    if os.environ.get("NSP_SHOW_PLANTED"):
        print(json.dumps(planted, indent=1, default=str))


if __name__ == "__main__":
    main()
