#!/usr/bin/env python3
"""Writes data/demo/demo.json, the demo casebook, in the import format.

The two source texts below are accounts written for this demo; every
citation's offsets are computed here from its quote, so that a quote always
equals the text at its offsets (tests/cli/test_import_export.py checks it).
Run it again after changing a text: python3 data/demo/make-demo.py
"""
import json
import os
import sys

PRESS_ACCOUNT = (
    "On 14 December 2021, relatives and supporters of Kazakh intellectuals "
    "held in Chinese prisons met journalists at the International Bureau for "
    "Human Rights and the Rule of Law in Almaty. Among those who spoke were "
    "the politician and public figure Rysbek Sarsenbay, Kamatan "
    "Toktamuratkyzy, and Gaukhar Kurmanalieva, a relative of the detained "
    "Askar Azatbek. One report of the event also spells her surname "
    "Kurmanaliyeva.\n\n"
    "Kamatan Toktamuratkyzy is the mother of Garapa Nasiollauly, her "
    "youngest son. He taught literature at Middle School No. 2 of the Sanzhy "
    "region, and nobody has heard from him since July 2021. The family was "
    "never told why he was taken; she said he had broken no law. He is "
    "married and has a young son.\n\n"
    "The social activist Kydyrali Orazuly said that the arrests which began "
    "in 2017 had slowed during the pandemic but had now started again.\n\n"
    "Gaukhar Kurmanalieva speaks for a group that had by then kept up a "
    "protest in front of the Chinese embassy in Kazakhstan for 310 days. Not "
    "once, she said, had the presidential administration, the Ministry of "
    "Foreign Affairs or the Chinese embassy come to ask them why they stood "
    "there. The Kazakh authorities have fined members of the group about 4 "
    "million tenge in total.\n\n"
    "Rysbek Sarsenbay said that thousands of Kazakhs are imprisoned in China "
    "while the government of Kazakhstan treats this as China's internal "
    "affair. He asked for sanctions, for earlier agreements with China to be "
    "cancelled and for cultural exchanges to stop, and called for a boycott "
    "of the Beijing Winter Olympics. He urged the writers and poets who sit "
    "in parliament to speak up for the victims.\n\n"
    "Kazakh writers from China named at the event as arrested, convicted on "
    "groundless charges or disappeared include Garapa Nasiollauly, Nagyz "
    "Mukhammetuly, Kabyken Zeinurain, Kalysbek Babanuly, Adenbek Kamashuly, "
    "Sarkytzhan Salykuly and Nurbak Bigazin. The report does not say which "
    "of these happened to whom.\n"
)

SCHOLARS_ACCOUNT = (
    "Ilham Tohti, a Uyghur economist who taught at Minzu University of China "
    "in Beijing, was detained in Beijing on 15 January 2014. On 23 September "
    "2014 a court in Urumqi sentenced him to life imprisonment on a charge of "
    "separatism.\n\n"
    "Rahile Dawut, a Uyghur ethnographer and professor at Xinjiang "
    "University in Urumqi, disappeared in December 2017. In 2023 it became "
    "known that she had been sentenced in 2018 to life imprisonment for "
    "endangering state security.\n"
)

records = []


def add(record_type, rid, /, **fields):
    rec = {"record": record_type, "id": rid, "level": "public"}
    rec.update(fields)
    records.append(rec)
    return rid


def names(*forms):
    """forms: (name, script, kind) triples; the first is the primary."""
    return [{"name": n, "script": s, "kind": k} for n, s, k in forms]


# Places.
KZ = add("place", "P-000001", name="Kazakhstan", kind="country",
         names=[{"name": "Қазақстан", "script": "Cyrl"}])
ALMATY = add("place", "P-000002", name="Almaty", kind="region", parent=KZ,
             names=[{"name": "Алматы", "script": "Cyrl"}])
CN = add("place", "P-000003", name="China", kind="country",
         names=[{"name": "中国", "script": "Hani"}])
XJ = add("place", "P-000004", name="Xinjiang", kind="region", parent=CN,
         names=[{"name": "新疆", "script": "Hani"},
                {"name": "Шыңжаң", "script": "Cyrl"}])
SANZHY = add("place", "P-000005", name="Sanzhy (Changji)", kind="prefecture",
             parent=XJ, names=[{"name": "昌吉", "script": "Hani"},
                               {"name": "Санжы", "script": "Cyrl"}])
BEIJING = add("place", "P-000006", name="Beijing", kind="region", parent=CN,
              names=[{"name": "北京", "script": "Hani"}])
URUMQI = add("place", "P-000007", name="Urumqi", kind="prefecture",
             parent=XJ, names=[{"name": "乌鲁木齐", "script": "Hani"}])

# Sources: the two accounts.
PRESS = add(
    "source", "S-000001", kind="report",
    title="Relatives in Almaty ask for news of Kazakh writers held in China",
    publisher="vigil demo data", date="14 December 2021", language="en",
    full_text=PRESS_ACCOUNT, reliability="medium",
    notes="An account written for the demo from a report in The Qazaq "
          "Times (which cites KzNews). The report gives the day but not the "
          "year; 2021 follows from what it says (missing since July 2021, "
          "a protest then 310 days old, the coming Beijing Winter "
          "Olympics). Check against the original before relying on it.")
SCHOLARS = add(
    "source", "S-000002", kind="report",
    title="Two Uyghur scholars serving life sentences",
    publisher="vigil demo data", language="en", full_text=SCHOLARS_ACCOUNT,
    reliability="high",
    notes="A summary written for the demo of widely reported public cases.")

# People of the press conference.
P = {}
P["sarsenbay"] = add(
    "person", "V-000001",
    names=names(("Rysbek Sarsenbay", "Latn", "primary"),
                ("R. Sarsenbay", "Latn", "alias"),
                ("Рысбек Сәрсенбай", "Cyrl", "alias")),
    sex="male", citizenship="Kazakhstan", home_place=KZ,
    occupation="politician and public figure",
    notes="Campaigner: spoke at the press conference of 14 December 2021.")
P["kamatan"] = add(
    "person", "V-000002",
    names=names(("Kamatan Toktamuratkyzy", "Latn", "primary")),
    sex="female",
    notes="Relative: mother of Garapa Nasiollauly; spoke at the press "
          "conference of 14 December 2021.")
P["garapa"] = add(
    "person", "V-000003",
    names=names(("Garapa Nasiollauly", "Latn", "primary"),
                ("Гарапа Насиоллаұлы", "Cyrl", "alias")),
    sex="male", ethnicity="Kazakh",
    occupation="literature teacher, Middle School No. 2 of the Sanzhy region",
    notes="Victim. Married, with a young son.")
P["gaukhar"] = add(
    "person", "V-000004",
    names=names(("Gaukhar Kurmanalieva", "Latn", "primary"),
                ("Gaukhar Kurmanaliyeva", "Latn", "alias"),
                ("Гаухар Құрманалиева", "Cyrl", "alias")),
    sex="female",
    notes="Relative of Askar Azatbek; speaks for the group protesting in "
          "front of the Chinese embassy.")
P["askar"] = add(
    "person", "V-000005",
    names=names(("Askar Azatbek", "Latn", "primary"),
                ("Асқар Азатбек", "Cyrl", "alias")),
    notes="Victim; a relative of Gaukhar Kurmanalieva.")
P["kydyrali"] = add(
    "person", "V-000006",
    names=names(("Kydyrali Orazuly", "Latn", "primary"),
                ("Қыдырәлі Оразұлы", "Cyrl", "alias")),
    sex="male", occupation="social activist",
    notes="Campaigner: spoke at the press conference of 14 December 2021.")

WRITERS = [
    ("nagyz", "Nagyz Mukhammetuly", "male"),
    ("kabyken", "Kabyken Zeinurain", None),
    ("kalysbek", "Kalysbek Babanuly", "male"),
    ("adenbek", "Adenbek Kamashuly", "male"),
    ("sarkytzhan", "Sarkytzhan Salykuly", "male"),
    ("nurbak", "Nurbak Bigazin", None),
]
for i, (key, name, sex) in enumerate(WRITERS):
    fields = dict(names=names((name, "Latn", "primary")), ethnicity="Kazakh",
                  occupation="writer",
                  notes="Victim: one of the Kazakh writers from China named "
                        "at the press conference of 14 December 2021.")
    if sex:
        fields["sex"] = sex
    P[key] = add("person", "V-%06d" % (7 + i), **fields)

# Two well-known public cases, for names in four scripts.
P["tohti"] = add(
    "person", "V-000013",
    names=names(("Ilham Tohti", "Latn", "primary"),
                ("伊力哈木·土赫提", "Hani", "chinese_form"),
                ("ئىلھام توختى", "Arab", "alias"),
                ("Ильхам Тохти", "Cyrl", "alias")),
    sex="male", birth="1969", ethnicity="Uyghur", citizenship="China",
    occupation="economist, Minzu University of China")
P["dawut"] = add(
    "person", "V-000014",
    names=names(("Rahile Dawut", "Latn", "primary"),
                ("热依拉·达吾提", "Hani", "chinese_form"),
                ("راھىلە داۋۇت", "Arab", "alias"),
                ("Рахиля Давут", "Cyrl", "alias")),
    sex="female", birth="1966", ethnicity="Uyghur", citizenship="China",
    occupation="ethnographer, Xinjiang University")

# Acts.
A = {}
A["garapa"] = add("act", "A-000001", victim=P["garapa"], type="disappearance",
                  start_date="since July 2021", place=XJ,
                  notes="The family was never told why he was taken.")
A["askar"] = add("act", "A-000002", victim=P["askar"], type="detention",
                 place=CN)
for i, (key, _, _) in enumerate(WRITERS):
    A[key] = add("act", "A-%06d" % (3 + i), victim=P[key],
                 type="liberty_violation", place=CN,
                 notes="Arrested, convicted or disappeared: the account "
                       "does not say which.")
A["tohti_detention"] = add(
    "act", "A-000009", victim=P["tohti"], type="detention",
    start_date="15 January 2014", place=BEIJING)
A["tohti_sentence"] = add(
    "act", "A-000010", victim=P["tohti"], type="sentence",
    start_date="23 September 2014", place=URUMQI,
    responsible="Urumqi Intermediate People's Court",
    sentence_term="life imprisonment", charges="separatism",
    status_at_end="sentenced")
A["dawut_disappearance"] = add(
    "act", "A-000011", victim=P["dawut"], type="disappearance",
    start_date="December 2017", place=XJ)
A["dawut_sentence"] = add(
    "act", "A-000012", victim=P["dawut"], type="sentence", start_date="2018",
    sentence_term="life imprisonment", charges="endangering state security",
    status_at_end="sentenced")

# Relations, as the account states them.
R_MOTHER = add("relation", "R-000001", person=P["kamatan"], type="mother_of",
               other=P["garapa"])
R_RELATIVE = add("relation", "R-000002", person=P["gaukhar"],
                 type="relative_of", other=P["askar"])

# Interventions.
VICTIMS = [{"person": P[k]} for k in
           ["garapa", "askar"] + [w[0] for w in WRITERS]]
I_PRESS = add(
    "intervention", "I-000001", kind="press_conference",
    party="Relatives and supporters of detained Kazakh intellectuals",
    addressee="Journalists, at the International Bureau for Human Rights "
              "and the Rule of Law, Almaty",
    date="14 December 2021", victims=VICTIMS)
APPEALS = []
for i, addressee in enumerate([
        "Presidential Administration of Kazakhstan",
        "Ministry of Foreign Affairs of Kazakhstan",
        "Embassy of China in Kazakhstan"]):
    APPEALS.append(add(
        "intervention", "I-%06d" % (2 + i), kind="appeal",
        party="Relatives protesting in front of the Chinese embassy",
        addressee=addressee, date="before 14 December 2021",
        victims=VICTIMS, response="no_response", status="sent",
        notes="Addressed by the standing protest; by 14 December 2021 no "
              "one had come to ask the protesters why they were there."))

# The protest and the fines on it.
G_VIGIL = add(
    "campaign", "G-000001", name="Protest in front of the Chinese embassy",
    kind="vigil", place=KZ, start_date="about February 2021",
    description="Relatives of people held in Xinjiang protesting in front "
                "of the Chinese embassy in Kazakhstan: 310 days on 14 "
                "December 2021 (so begun about February 2021).")
F_FINES = add(
    "penalty", "F-000001", campaign=G_VIGIL, kind="fine", amount=4000000,
    currency="KZT", date="before 14 December 2021",
    imposed_by="Kazakh authorities",
    notes="About 4 million tenge in total, on members of the group.")

# Citations: (source, text, record type, record id, field, quote).
CITES = [
    (PRESS, PRESS_ACCOUNT, "act", A["garapa"], "start_date",
     "nobody has heard from him since July 2021"),
    (PRESS, PRESS_ACCOUNT, "act", A["garapa"], "type",
     "The family was never told why he was taken"),
    (PRESS, PRESS_ACCOUNT, "person", P["garapa"], "occupation",
     "He taught literature at Middle School No. 2 of the Sanzhy region"),
    (PRESS, PRESS_ACCOUNT, "relation", R_MOTHER, "type",
     "Kamatan Toktamuratkyzy is the mother of Garapa Nasiollauly"),
    (PRESS, PRESS_ACCOUNT, "relation", R_RELATIVE, "type",
     "Gaukhar Kurmanalieva, a relative of the detained Askar Azatbek"),
    (PRESS, PRESS_ACCOUNT, "act", A["askar"], "type",
     "the detained Askar Azatbek"),
    (PRESS, PRESS_ACCOUNT, "person", P["gaukhar"], "names",
     "also spells her surname Kurmanaliyeva"),
    (PRESS, PRESS_ACCOUNT, "person", P["sarsenbay"], "occupation",
     "the politician and public figure Rysbek Sarsenbay"),
    (PRESS, PRESS_ACCOUNT, "person", P["kydyrali"], "occupation",
     "The social activist Kydyrali Orazuly"),
    (PRESS, PRESS_ACCOUNT, "intervention", I_PRESS, "date",
     "On 14 December 2021, relatives and supporters of Kazakh intellectuals "
     "held in Chinese prisons met journalists at the International Bureau "
     "for Human Rights and the Rule of Law in Almaty"),
    (PRESS, PRESS_ACCOUNT, "campaign", G_VIGIL, "start_date",
     "kept up a protest in front of the Chinese embassy in Kazakhstan for "
     "310 days"),
    (PRESS, PRESS_ACCOUNT, "penalty", F_FINES, "amount",
     "The Kazakh authorities have fined members of the group about 4 "
     "million tenge in total"),
] + [
    (PRESS, PRESS_ACCOUNT, "intervention", appeal, "response",
     "Not once, she said, had the presidential administration, the Ministry "
     "of Foreign Affairs or the Chinese embassy come to ask them why they "
     "stood there")
    for appeal in APPEALS
] + [
    (PRESS, PRESS_ACCOUNT, "act", A[key], "type",
     "named at the event as arrested, convicted on groundless charges or "
     "disappeared")
    for key, _, _ in WRITERS
] + [
    (PRESS, PRESS_ACCOUNT, "person", P[key], "occupation",
     "Kazakh writers from China")
    for key, _, _ in WRITERS
] + [
    (SCHOLARS, SCHOLARS_ACCOUNT, "person", P["tohti"], "occupation",
     "a Uyghur economist who taught at Minzu University of China in "
     "Beijing"),
    (SCHOLARS, SCHOLARS_ACCOUNT, "act", A["tohti_detention"], "start_date",
     "was detained in Beijing on 15 January 2014"),
    (SCHOLARS, SCHOLARS_ACCOUNT, "act", A["tohti_sentence"], "sentence_term",
     "On 23 September 2014 a court in Urumqi sentenced him to life "
     "imprisonment on a charge of separatism"),
    (SCHOLARS, SCHOLARS_ACCOUNT, "person", P["dawut"], "occupation",
     "a Uyghur ethnographer and professor at Xinjiang University in Urumqi"),
    (SCHOLARS, SCHOLARS_ACCOUNT, "act", A["dawut_disappearance"],
     "start_date", "disappeared in December 2017"),
    (SCHOLARS, SCHOLARS_ACCOUNT, "act", A["dawut_sentence"], "sentence_term",
     "she had been sentenced in 2018 to life imprisonment for endangering "
     "state security"),
]

for n, (src, text, rtype, rid, field, quote) in enumerate(CITES, start=1):
    if text.count(quote) != 1:
        sys.exit("make-demo: quote %r occurs %d times in %s" %
                 (quote, text.count(quote), src))
    start = text.index(quote)
    add("citation", "C-%06d" % n, source=src, record_type=rtype,
        record_id=rid, field=field, start_offset=start,
        end_offset=start + len(quote), quote=quote)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo.json")
with open(out, "w", encoding="utf-8") as f:
    f.write('{"vigil": 1, "records": [\n')
    f.write(",\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    f.write("\n]}\n")
print("make-demo: %d records written to %s" % (len(records),
                                               os.path.relpath(out)))
