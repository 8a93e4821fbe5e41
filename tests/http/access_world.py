"""A casebook planted for the access tests, built from the model itself.

The record types and their fields are read from src/model/model_types.c at
test time (the descriptors the server itself is compiled from) and checked
against the server's own index (/api/v1/), so a type or field added later
is planted without touching the tests. Term codes come from
data/thesauri/.

Each plant is one value in one field of one record at one level, unique
where the field allows it (a token for text, a year for dates, a number for
amounts) and remembered with the least level that may see it: the record's
level or the field's, whichever is higher. References point at records one
level higher, so that a visible record names a hidden one. Besides:
public people whose status comes only from a hidden act, records made
public and then raised to secret, and a contributor's pending records.

Not a test itself: test_canary_property.py and test_access_points.py
import it."""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_api  # noqa: E402
import vigil_http as vh  # noqa: E402
from safety_server import Failure, check  # noqa: E402

SOURCE = os.environ.get("VIGIL_SOURCE", ".")
LEVELS = ["public", "internal", "confidential", "secret"]
# The highest level each caller may see; -1 sees nothing at all.
ROLE_SEES = {"public": 0, "viewer": 1, "contributor": 1, "editor": 2,
             "admin": 3}
API = "/api/v1"


def level_index(name):
    return LEVELS.index(name)


# ---- the model, read from its C descriptors --------------------------------

class Field:
    def __init__(self, name, kind, vocab, flags, max_len, level, choices):
        self.name, self.kind, self.vocab = name, kind, vocab
        self.flags, self.max_len, self.level = flags, max_len, level
        self.choices = choices

    def has(self, flag):
        return flag in self.flags

    def __repr__(self):
        return "<%s %s %s>" % (self.name, self.kind, LEVELS[self.level])


class Type:
    def __init__(self, name, plural, prefix, fields, child):
        self.name, self.plural, self.prefix = name, plural, prefix
        self.fields, self.child = fields, child

    def field(self, name):
        return next((f for f in self.fields if f.name == name), None)


def _split_entry(entry):
    """The comma-separated members of one C initialiser, strings kept
    whole (a label may hold a comma)."""
    parts = re.findall(r'"(?:[^"\\]|\\.)*"|[^,]+', entry)
    return [p.strip() for p in parts if p.strip()]


def _c_value(token):
    if token.startswith('"'):
        return token[1:-1]
    return None if token == "NULL" else token


def parse_model(path=None):
    """{type name: Type} for every type in model_types.c, child list types
    included. Fails loudly when an entry does not read as expected, rather
    than planting fewer fields than there are."""
    path = path or os.path.join(SOURCE, "src", "model", "model_types.c")
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    choices = {}
    for name, body in re.findall(
            r"static const char \*const (\w+)\[\] = \{(.*?)\};", text, re.S):
        choices[name] = re.findall(r'"([^"]*)"', body)
    arrays = {}
    for name, body in re.findall(
            r"static const struct field_def (\w+)\[\] = \{(.*?)\n\};",
            text, re.S):
        entries = re.findall(r"\{([^{}]*)\}", body)
        check(len(entries) == body.count("{"),
              "model_types.c: %s has an entry this test cannot read" % name)
        fields = []
        for e in entries:
            p = _split_entry(e)
            check(len(p) == 8, "model_types.c: %s: %r" % (name, e))
            flags = [x.strip() for x in p[4].split("|") if x.strip() != "0"]
            fields.append(Field(_c_value(p[0]), p[2].replace("FIELD_", ""),
                                _c_value(p[3]),
                                [x.replace("FIELD_", "") for x in flags],
                                int(p[5]), level_index(
                                    p[6].replace("LEVEL_", "").lower()),
                                choices.get(p[7]) if p[7] != "NULL" else None))
        arrays[name] = fields
    types = {}
    for name, plural, prefix, arr, child in re.findall(
            r'TYPE\("(\w+)",\s*"[^"]*",\s*"([^"]*)",\s*"(\w*)",\s*(\w+),'
            r'\s*(\d)\)', text, re.S):
        check(arr in arrays, "model_types.c: no field array %s" % arr)
        types[name] = Type(name, plural, prefix, arrays[arr], child == "1")
    check(len([t for t in types.values() if not t.child]) >= 9,
          "model_types.c: only %d record types read" % len(types))
    return types


def thesaurus(vocab):
    """The codes of a thesaurus, in file order."""
    path = os.path.join(SOURCE, "data", "thesauri", vocab + ".tsv")
    codes = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                codes.append(line.split("\t")[0])
    return codes


def thesaurus_label(vocab, code):
    path = os.path.join(SOURCE, "data", "thesauri", vocab + ".tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[0] == code and len(cols) > 1:
                return cols[1]
    return code


def top_types(model):
    """The top-level types in an order where each may refer to those
    before it (the order the form tests use)."""
    order = vh.RECORD_TYPES + sorted(
        n for n, t in model.items() if not t.child and n not in vh.RECORD_TYPES)
    return [model[n] for n in order if n in model and not model[n].child]


# ---- plants -----------------------------------------------------------------

class Plant:
    """One planted value: where it is and who may see it."""

    def __init__(self, rtype, level, field, value, kind, seen_from):
        self.rtype, self.level, self.field = rtype, level, field
        self.value, self.kind = value, kind
        self.seen_from = seen_from  # index into LEVELS
        self.rid = None

    def describe(self):
        return "%s %s (%s).%s=%s" % (self.rtype, self.rid or "?", self.level,
                                     self.field, self.value)


class Planter:
    """Makes unique values, remembers them as plants."""

    def __init__(self):
        self.n = 0
        self.year = 1801
        self.number = 7300011
        self.plants = []
        self.unplanted = set()  # (type, field, why)

    def token(self):
        self.n += 1
        return "Cnry%04dq%s" % (self.n, os.urandom(3).hex())

    def next_year(self):
        self.year += 1
        check(self.year < 1990, "out of unique years")
        return str(self.year)

    def next_number(self):
        self.number += 7919
        return self.number

    def add(self, rtype, level, field, value, kind, seen_from):
        p = Plant(rtype, level, field, str(value), kind, seen_from)
        self.plants.append(p)
        return p


class World:
    """The planted casebook: records by (type, level), every id with its
    level, and the plants."""

    def __init__(self, v, model):
        self.v, self.model = v, model
        self.planter = Planter()
        self.ids = {}        # id -> (type, level)
        self.by = {}         # (type, level) -> [ids]
        self.acts = []       # (victim, act level, year, status, act type)
        self.field_cap = 3    # fields above this level are left out
        self.pending = set()  # ids made by a contributor, not yet reviewed
        self.derived = []    # public people whose status comes from a
        #                      hidden act: (person id, act level, status)

    def create(self, rtype, rec, who="admin"):
        t = self.model[rtype]
        a = vigil_api.request(self.v.port, "POST", "%s/%s" % (API, t.plural),
                              rec, self.v.tokens[who])
        check(a.status == 201, "create %s %s: %r" % (rtype, rec.get("level"),
                                                     a))
        rid = a.json["id"]
        self.ids[rid] = (rtype, rec.get("level", "internal"))
        return rid

    def ref_for(self, vocab, level, nth=0):
        """The nth record of type vocab one level above level (or at
        secret)."""
        want = min(level_index(level) + 1, 3)
        for lv in range(want, 4):
            rids = self.by.get((vocab, LEVELS[lv]), [])
            if len(rids) > nth:
                return rids[nth]
        return None

    def copies(self, t):
        """How many records of t to plant per level: as many as any type
        refers to t in one record (a relation names two people)."""
        most = 1
        for other in self.model.values():
            n = sum(1 for f in other.fields
                    if f.kind == "REF" and f.vocab == t.name)
            most = max(most, n)
        return most

    def value_for(self, rtype, level, f, seen_from, prefix=""):
        """A value for field f of a record of rtype at level, recorded as a
        plant when it is unique; None to leave the field out."""
        pl = self.planter
        name = prefix + f.name
        seen = max(seen_from, f.level)
        if f.has("READONLY") or f.has("DERIVED") or f.level > self.field_cap:
            return None
        if f.kind == "LIST":
            child = self.model[f.vocab]
            row = {}
            for cf in child.fields:
                v = self.value_for(rtype, level, cf, seen, name + ".")
                if v is not None:
                    row[cf.name] = v
            return [row]
        if f.kind == "REF":
            rid = self.ref_for(f.vocab, level, self._nth(rtype, f))
            if rid:
                pl.add(rtype, level, name, rid, "ref", seen)
            return rid
        if f.kind == "DATE":
            year = pl.next_year()
            pl.add(rtype, level, name, year, "date", seen)
            return year
        if f.kind == "INT":
            n = pl.next_number()
            pl.add(rtype, level, name, n, "number", seen)
            return n
        if f.kind == "BOOL":
            pl.unplanted.add((rtype, name, "a yes/no has no unique value"))
            return True
        if f.kind == "TERM":
            return self.term_for(rtype, f)
        if f.choices:
            if f.name == "record_type":
                return "person"
            if f.name == "kind" and "other" in f.choices:
                return "other"  # an identity number of no fixed form
            pl.unplanted.add((rtype, name, "one of a fixed list"))
            return f.choices[-1]
        if rtype == "citation" and f.name == "record_id":
            rid = self.ref_for("person", level)
            pl.add(rtype, level, name, rid, "ref", seen)
            return rid
        if f.max_len and f.max_len < 12:
            pl.unplanted.add((rtype, name, "at most %d characters" %
                              f.max_len))
            return None
        tok = pl.token()
        pl.add(rtype, level, name, tok, "text", seen)
        if f.name == "url":
            return "https://example.org/" + tok
        return tok

    def _nth(self, rtype, f):
        """0 for a type's first reference to f.vocab, 1 for its second."""
        t = self.model.get(rtype)
        refs = [g.name for g in (t.fields if t else [])
                if g.kind == "REF" and g.vocab == f.vocab]
        return refs.index(f.name) if f.name in refs else 0

    def term_for(self, rtype, f):
        """Term codes chosen for their effect: an act's type sets its
        victim's status; the rest take the vocabulary's first code."""
        if rtype == "act" and f.name == "type":
            return "release"
        if f.vocab == "victim_status":
            return "deceased"
        return thesaurus(f.vocab)[0]

    def plant_record(self, t, level, who="admin", seen_from=None):
        first = len(self.planter.plants)
        rec = {"level": level}
        seen = level_index(level) if seen_from is None else seen_from
        for f in t.fields:
            v = self.value_for(t.name, level, f, seen)
            if v is not None:
                rec[f.name] = v
        try:
            rid = self.create(t.name, rec, who)
        except Failure:
            del self.planter.plants[first:]
            raise
        for p in self.planter.plants[first:]:
            p.rid = rid
        if who != "admin":
            self.pending.add(rid)
            return rid
        self.by.setdefault((t.name, level), []).append(rid)
        if t.name == "act":
            self.acts.append((rec["victim"], level, rec.get("start_date"),
                              rec.get("status_at_end"), rec["type"]))
        return rid

    def plant_all(self):
        """Every type at every level, the most secret first so that
        references can point upwards."""
        for level in reversed(LEVELS):
            for t in top_types(self.model):
                for _ in range(self.copies(t)):
                    self.plant_record(t, level)

    def plant_pending(self, who):
        """A public record of every type the contributor who may create,
        waiting for review: the public may see none of it yet (its plants
        are seen from internal)."""
        self.field_cap = ROLE_SEES["contributor"]
        for t in top_types(self.model):
            a = vigil_api.request(self.v.port, "GET", "%s/%s?limit=1" %
                                  (API, t.plural), None, self.v.tokens[who])
            if a.status != 200:
                continue
            try:
                self.plant_record(t, "public", who, seen_from=1)
            except Failure as e:
                self.planter.unplanted.add((t.name, "(pending record)",
                                            str(e)[:120]))
        self.field_cap = 3

    def plant_raised(self):
        """A public record of every type, then raised to secret: nothing
        of what it held while public (its values, its id, its place in
        the latest changes) may show to anyone but the admin now."""
        for t in top_types(self.model):
            first = len(self.planter.plants)
            rid = self.plant_record(t, "public", seen_from=3)
            for p in self.planter.plants[first:]:
                p.level = "secret, was public"
            self.by[(t.name, "public")].remove(rid)
            a = vigil_api.request(self.v.port, "PATCH", "%s/%s/%s" %
                                  (API, t.plural, rid), {"level": "secret"},
                                  self.v.tokens["admin"])
            check(a.status == 200, "raise %s to secret: %r" % (rid, a))
            self.ids[rid] = (t.name, "secret")
            if t.name == "act":
                victim, _, year, at_end, act_type = self.acts[-1]
                self.acts[-1] = (victim, "secret", year, at_end, act_type)

    def plant_derived(self):
        """Public people whose status would come only from a hidden act:
        a release (the act's type sets the status) and an act whose
        status_at_end says deceased, at each hidden level. The people's
        own fields are public and plain; the act's date is a plant."""
        for lv in LEVELS[1:]:
            for act_type, at_end, status in (("release", None, "released"),
                                             ("torture", "deceased",
                                              "deceased")):
                pid = self.create("person", {
                    "level": "public", "names": [{"name": "Plain Person %s %s"
                                                  % (lv, act_type)}]})
                year = self.planter.next_year()
                act = {"level": lv, "victim": pid, "type": act_type,
                       "start_date": year}
                if at_end:
                    act["status_at_end"] = at_end
                aid = self.create("act", act)
                p = self.planter.add("act", lv, "start_date", year, "date",
                                     level_index(lv))
                p.rid = aid
                self.acts.append((pid, lv, year, at_end, act_type))
                self.derived.append((pid, lv, status))

    # ---- what a caller may see ---------------------------------------------

    def sees(self, role, level):
        return ROLE_SEES.get(role, -1) >= level_index(level)

    def hidden_ids(self, role):
        return [rid for rid, (_, lv) in self.ids.items()
                if not self.sees(role, lv) or
                (rid in self.pending and ROLE_SEES.get(role, -1) < 1)]

    def hidden_plants(self, role):
        top = ROLE_SEES.get(role, -1)
        return [p for p in self.planter.plants if p.seen_from > top]

    def expected_status(self, person, role):
        """The status the acts role may see give person: the latest such
        act's status_at_end, or what its type sets."""
        sets = {"release": "released"}
        best = None
        for victim, lv, year, at_end, act_type in self.acts:
            if victim != person or not self.sees(role, lv):
                continue
            status = at_end or sets.get(act_type)
            if status and (best is None or int(year or 0) >= best[0]):
                best = (int(year or 0), status)
        return best[1] if best else None

    def visible_people(self, role):
        hidden = set(self.hidden_ids(role))
        return [rid for rid, (t, _) in self.ids.items()
                if t == "person" and rid not in hidden]

    def nonexistent_id(self, rtype):
        return "%s-987654" % self.model[rtype].prefix

    def type_of(self, rid):
        return self.ids[rid][0]


def build(v, model=None):
    """Plants the whole world into the running server v (which holds an
    account "admin" with a token); returns the World."""
    model = model or parse_model()
    check_index(v, model)
    w = World(v, model)
    # Forms show "e.g. V-000001" as an example id: the first person is a
    # public one, so that the example names no hidden record.
    w.create("person", {"level": "public",
                        "names": [{"name": "Plain First Person"}]})
    w.plant_all()
    w.plant_derived()
    w.plant_raised()
    if "con" in v.tokens:
        w.plant_pending("con")
    return w


def check_index(v, model):
    """The server's own list of types must be the one read from the model
    file: a parser that missed a type would plant too little."""
    a = vigil_api.request(v.port, "GET", API + "/")
    check(a.status == 200, "API index: %r" % a)
    served = sorted(t["name"] for t in a.json["types"])
    parsed = sorted(n for n, t in model.items() if not t.child)
    check(served == parsed, "the server has types %s, model_types.c %s"
          % (served, parsed))


# ---- answers compared ---------------------------------------------------------

CSRF = re.compile(r"\b[0-9a-f]{64}\b")


def normalised(text, *values):
    """text with the query's own values and per-request tokens replaced,
    so that two answers can be compared byte for byte."""
    for val in values:
        if val:
            text = text.replace(val, "{Q}")
            text = text.replace(urllib.parse.quote(val), "{Q}")
            text = text.replace(urllib.parse.quote_plus(val), "{Q}")
    return CSRF.sub("{CSRF}", text)

