"""What a reader sees, in English and Spanish: the words of views and case files.

Every string a page or a case file shows comes from `MESSAGES`, once per language;
`Text` picks one language and fills in values. A count and its noun is `Text.n`,
with each language's two forms. The language is `--lang` when given, else the first
of `$LANGUAGE`, `$LC_ALL`, `$LC_MESSAGES`, `$LANG` that is set (gettext's order):
Spanish when it starts with `es`, English otherwise.

Record values (names, charges, dates) are never translated: they are data.
"""

from __future__ import annotations

import os

from detnet.graph.errors import UsageError

LANGUAGES = ("en", "es")
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# key -> (English, Spanish). A pair of forms, (one, many), is a noun for `Text.n`.
MESSAGES: dict[str, tuple] = {
    # Labels, as nouns with their plural.
    "Person": (("person", "persons"), ("persona", "personas")),
    "Official": (("official", "officials"), ("funcionario", "funcionarios")),
    "Facility": (("facility", "facilities"), ("centro", "centros")),
    "Institution": (("institution", "institutions"), ("institución", "instituciones")),
    "Order": (("order", "orders"), ("orden", "órdenes")),
    "re-arrest": (("re-arrest", "re-arrests"), ("recaptura", "recapturas")),
    "day": (("day", "days"), ("día", "días")),
    "time": (("time", "times"), ("vez", "veces")),
    "step": (("step", "steps"), ("paso", "pasos")),
    "inferred-n": (("inferred", "inferred"), ("inferida", "inferidas")),
    "record": (("record", "records"), ("registro", "registros")),
    # What each label is, in a tooltip's first line.
    "label.Person": ("Person", "Persona"),
    "label.Official": ("Official", "Funcionario"),
    "label.Facility": ("Facility", "Centro"),
    "label.Institution": ("Institution", "Institución"),
    # Order kinds and statuses, as a reader says them.
    "kind.arrest": ("arrest", "detención"),
    "kind.release": ("release", "excarcelación"),
    "kind.transfer": ("transfer", "traslado"),
    "kind.sentence": ("sentence", "sentencia"),
    "kind.house_arrest": ("house arrest", "casa por cárcel"),
    "kind.disappearance": ("disappearance", "desaparición"),
    "kind.exile": ("exile", "destierro"),
    "kind.death": ("death", "muerte"),
    "status.verified": ("verified", "verificada"),
    "status.claimed": ("claimed", "anunciada"),
    "status.disputed": ("disputed", "disputada"),
    "class.recorded": ("recorded", "registradas"),
    "class.inferred": ("inferred", "inferidas"),
    "class.claimed": ("claimed", "anunciadas"),
    "class.disputed": ("disputed", "disputadas"),
    "listed.detained": ("detained", "detenido"),
    "listed.house_arrest": ("under house arrest", "en casa por cárcel"),
    "listed.whereabouts_unknown": ("whereabouts unknown", "paradero desconocido"),
    "listed.released": ("released", "excarcelado"),
    "listed.exiled": ("exiled", "desterrado"),
    "listed.dead": ("dead", "fallecido"),
    "judgement.same": ("the same", "la misma"),
    "judgement.different": ("different", "distinta"),
    "judgement.unsure": ("perhaps the same (unsure)", "quizá la misma (dudoso)"),
    "condition.gag_order": ("gag order", "prohibición de declarar"),
    "condition.reporting": ("reporting to a court", "régimen de presentación"),
    "condition.travel_ban": ("travel ban", "prohibición de salida del país"),
    "condition.bail": ("bail", "fianza"),
    "condition.other": ("other condition", "otra medida"),
    # Titles.
    "title.door": (
        "Revolving door: {count} after a release",
        "Puerta giratoria: {count} tras una excarcelación",
    ),
    "title.door_by": (", ordered by {name}", ", ordenadas por {name}"),
    "title.focus": ("{who} and what lies {steps} away", "{who} y lo que está a {steps}"),
    "title.and": (" and ", " y "),
    "title.orders": ("Orders", "Órdenes"),
    "title.whole": ("The whole graph", "Todo el grafo"),
    "title.overview": ("Overview: {title}", "Vista de conjunto: {title}"),
    "window.between": ("from {since} to {until}", "del {since} al {until}"),
    "window.since": ("since {since}", "desde el {since}"),
    "window.until": ("until {until}", "hasta el {until}"),
    "note.redacted": (
        "Persons are pseudonyms: names and identifying details removed.",
        "Las personas son seudónimos: nombres y datos identificativos eliminados.",
    ),
    "note.overview": (
        "{nodes} nodes are too many to draw one by one (more than {limit}): officials, "
        "institutions and facilities stand for their orders. Click one for its detail.",
        "{nodes} nodos son demasiados para dibujarlos uno a uno (más de {limit}): "
        "funcionarios, instituciones y centros representan sus órdenes. Pulse uno para "
        "ver su detalle.",
    ),
    "note.overview_cut": (
        "Drawn: the {drawn} officials with the most re-arrests, of {total}; the others are "
        "in the official filter.",
        "Se dibujan los {drawn} funcionarios con más recapturas, de {total}; los demás "
        "están en el filtro de funcionarios.",
    ),
    "howto.graph": (
        "Read arrows as sentences: official → ordered → order (with its date) → person; "
        "order → facility. Hover over anything for its details and sources; click to "
        "highlight its chains; drag to move, scroll to zoom.",
        "Las flechas se leen como frases: funcionario → ordenó → orden (con su fecha) → "
        "persona; orden → centro. Pase el ratón para ver detalles y fuentes; pulse para "
        "resaltar sus cadenas; arrastre para mover, rueda para acercar.",
    ),
    "howto.time": (
        "Time runs left to right, one lane per person: arrest → release → re-arrest, with "
        "the days free between them. Each order names who ordered it. A bar is a date "
        "known only to a span (a month, a year, a range).",
        "El tiempo corre de izquierda a derecha, un carril por persona: detención → "
        "excarcelación → recaptura, con los días en libertad entre ellas. Cada orden "
        "dice quién la dio. Una barra es una fecha conocida solo como intervalo (un mes, "
        "un año, un rango).",
    ),
    "howto.overview": (
        "Each official, institution and facility stands for its orders: larger, more "
        "re-arrests; lines weighted by the orders between them. Click one for its detail.",
        "Cada funcionario, institución y centro representa sus órdenes: más grande, más "
        "recapturas; líneas según las órdenes entre ellos. Pulse uno para ver su detalle.",
    ),
    # Tooltips.
    "tip.order": ("{kind} order, {date} ({status})", "Orden de {kind}, {date} ({status})"),
    "tip.rearrest_word": ("RE-ARREST", "RECAPTURA"),
    "tip.id": ("id", "id"),
    "tip.rearrest_after": (
        "re-arrest {days} after a release",
        "recaptura {days} después de una excarcelación",
    ),
    "tip.ordered_by": ("ordered by", "ordenada por"),
    "tip.issued_by": ("issued by", "emitida por"),
    "tip.concerning": ("concerning", "sobre"),
    "tip.not_on_record": ("not on record", "no consta"),
    "tip.at.arrest": ("to", "a"),
    "tip.at.transfer": ("to", "a"),
    "tip.at.house_arrest": ("at", "en"),
    "tip.at.release": ("from", "desde"),
    "tip.at.exile": ("from", "desde"),
    "tip.at.sentence": ("at", "en"),
    "tip.at.disappearance": ("last seen at", "visto por última vez en"),
    "tip.at.death": ("at", "en"),
    "tip.source": ("source", "fuente"),
    "tip.rearrested": (
        "re-arrested after a release: {times}",
        "recapturado tras una excarcelación: {times}",
    ),
    "tip.ordered_rearrests": (
        "ordered re-arrests after a release: {count}",
        "ordenó recapturas tras una excarcelación: {count}",
    ),
    "tip.taken_here": (
        "re-arrested persons taken here: {count}",
        "personas recapturadas traídas aquí: {count}",
    ),
    "tip.issued_rearrests": ("re-arrests it issued: {count}", "recapturas que emitió: {count}"),
    "tip.inferred": (
        "inferred from a status list: no order on record",
        "inferida de una lista de situación: ninguna orden registrada",
    ),
    "tip.inferred_from": (
        "listed {listed} on {as_of} (list entry {id})",
        "{listed} según la lista del {as_of} (entrada {id})",
    ),
    "tip.merged": ("merged from {count}:", "unificado a partir de {count}:"),
    "tip.judged": (
        "judged {judgement} as {other} by {by} on {at}",
        "juzgado como {judgement} que {other} por {by} el {at}",
    ),
    "tip.judged_notes": ("notes: {notes}", "notas: {notes}"),
    "tip.someone": ("someone", "alguien"),
    "tip.sometime": ("an unknown date", "fecha desconocida"),
    "tip.member_of": ("{member} belongs to {body}", "{member} pertenece a {body}"),
    "tip.part_of": ("{part} is part of {body}", "{part} forma parte de {body}"),
    "tip.operates": ("{body} runs {facility}", "{body} dirige {facility}"),
    "tip.family": (
        "{relative} is the {relation} of {person}",
        "{relative} es {relation} de {person}",
    ),
    "tip.is_person": (
        "official {official} is also the person {person}",
        "el funcionario {official} es también la persona {person}",
    ),
    "tip.span": ("between {start} and {end}", "entre el {start} y el {end}"),
    "tip.free": (
        "{name}: free {days}, then arrested again",
        "{name}: en libertad {days}, luego detenido de nuevo",
    ),
    "tip.aggregate": (
        "orders: {orders}; persons: {persons}; re-arrests: {rearrests}",
        "órdenes: {orders}; personas: {persons}; recapturas: {rearrests}",
    ),
    "relation.parent": ("parent", "padre o madre"),
    "relation.child": ("child", "hijo o hija"),
    "relation.spouse": ("spouse", "cónyuge"),
    "relation.sibling": ("sibling", "hermano o hermana"),
    "relation.in_law": ("in-law", "familia política"),
    "relation.relative": ("relative", "familiar"),
    # Edge labels.
    "edge.ordered": ("ordered", "ordenó"),
    "edge.ordered_rearrest": ("ordered re-arrest", "ordenó recaptura"),
    "edge.issued": ("issued", "emitió"),
    "edge.is_also": ("is also", "es también"),
    "edge.member_of": ("member of", "miembro de"),
    "edge.part_of": ("part of", "parte de"),
    "edge.operates": ("runs", "dirige"),
    "edge.held": ("released after {days}", "excarcelado tras {days}"),
    "edge.free": ("re-arrest after {days}", "recaptura tras {days}"),
    "edge.orders": ("{count}", "{count}"),
    # Legend.
    "legend.person": (
        "person (detainee or relative); larger: re-arrested more often",
        "persona (detenida o familiar); más grande: recapturada más veces",
    ),
    "legend.official": (
        "official who ordered; larger: ordered more re-arrests",
        "funcionario que ordenó; más grande: ordenó más recapturas",
    ),
    "legend.facility": (
        "facility (prison, police, military, intelligence)",
        "centro (prisión, policía, militar, inteligencia)",
    ),
    "legend.institution": (
        "institution (court, prosecutor, police, ministry...) that issued orders or that "
        "officials belong to",
        "institución (tribunal, fiscalía, policía, ministerio...) que emitió órdenes o a la "
        "que pertenecen funcionarios",
    ),
    "legend.order": ("{kind} order, with its date", "orden de {kind}, con su fecha"),
    "legend.rearrest": (
        "RE-ARREST: an arrest after a release",
        "RECAPTURA: una detención tras una excarcelación",
    ),
    "legend.chain": (
        "red arrows: the revolving door, release → re-arrest, and who ordered it",
        "flechas rojas: la puerta giratoria, excarcelación → recaptura, y quién la ordenó",
    ),
    "legend.claimed": (
        "outlined: release announced (claimed) or disputed, not verified",
        "contorno: excarcelación anunciada o disputada, no verificada",
    ),
    "legend.inferred": (
        "dotted, hollow: inferred from a status list (no order on record)",
        "punteada, hueca: inferida de una lista de situación (ninguna orden registrada)",
    ),
    "legend.merged": (
        "double ring: records judged to be the same, drawn once",
        "doble anillo: registros juzgados como uno solo, dibujados una vez",
    ),
    "legend.dashed": (
        "dashed line: family tie, membership, or an official who is also a person",
        "línea discontinua: vínculo familiar, pertenencia, o un funcionario que es también persona",
    ),
    "legend.span": (
        "bar: a date known only to a span (month, year, range)",
        "barra: una fecha conocida solo como intervalo (mes, año, rango)",
    ),
    "legend.weight": (
        "line width and number: orders between the two",
        "grosor y número de la línea: órdenes entre ambos",
    ),
    # Lists beside the picture.
    "list.ranking": ("Who ordered the re-arrests", "Quién ordenó las recapturas"),
    "list.story": (
        "Re-arrests after a release ({count}), click to find",
        "Recapturas tras una excarcelación ({count}), pulse para encontrar",
    ),
    "list.unknown_official": ("official not on record", "funcionario no registrado"),
    "story": (
        "{person}: released {release}, re-arrested {rearrest} on the orders of {official}, after {days} free",
        "{person}: excarcelado el {release}, recapturado el {rearrest} por orden de {official}, tras {days} en libertad",
    ),
    "story.unknown": ("an official not on record", "un funcionario no registrado"),
    "story.same": (
        " (the same official who ordered the arrest before the release)",
        " (el mismo funcionario que ordenó la detención anterior a la excarcelación)",
    ),
    # The page's controls (the page's script fills them in).
    "ui.legend": ("Legend", "Leyenda"),
    "ui.search": ("Search names, ids, national ids", "Buscar nombres, ids, cédulas"),
    "ui.search_redacted": ("Search names and ids", "Buscar nombres e ids"),
    "ui.found": ("{count} found", "{count} encontrados"),
    "ui.filters": ("Filters", "Filtros"),
    "ui.all": ("all", "todos"),
    "ui.kinds": ("Order kinds", "Tipos de orden"),
    "ui.statuses": ("Status", "Estado"),
    "ui.from": ("from", "desde"),
    "ui.to": ("to", "hasta"),
    "ui.physics": ("Physics (let the graph move)", "Física (dejar que el grafo se mueva)"),
    "ui.clear": ("Clear highlight", "Quitar resaltado"),
    "ui.reset": ("Reset filters", "Restablecer filtros"),
    "ui.drawing": ("Drawing…", "Dibujando…"),
    "ui.nothing": (
        "Nothing to show: no record matches this view.",
        "Nada que mostrar: ningún registro coincide con esta vista.",
    ),
    "ui.nothing_filtered": ("Nothing matches these filters.", "Nada coincide con estos filtros."),
    "ui.shown": (
        "Shown: {parts}; {rearrests} after a release.",
        "Se muestran: {parts}; {rearrests} tras una excarcelación.",
    ),
    "ui.detail": ("Detail", "Detalle"),
    "ui.detail_commands": (
        "Its full view and case file:",
        "Su vista completa y su expediente:",
    ),
    "ui.more": ("… and {count} more", "… y {count} más"),
    "ui.noscript": (
        "This page needs JavaScript to draw the graph; it makes no network request.",
        "Esta página necesita JavaScript para dibujar el grafo; no hace ninguna petición de red.",
    ),
    # Case files.
    "dossier.title.Official": ("Case file: official {name}", "Expediente: funcionario {name}"),
    "dossier.title.Institution": (
        "Case file: institution {name}",
        "Expediente: institución {name}",
    ),
    "dossier.title.Person": ("Case file: person {name}", "Expediente: persona {name}"),
    "dossier.made": (
        "Made on {date} by detnet {version} from the graph {hash}.",
        "Hecho el {date} con detnet {version} a partir del grafo {hash}.",
    ),
    "dossier.hash": (
        "The graph's hash (SHA-256 of its nodes and relationships) identifies the records "
        "this file was made from.",
        "El hash del grafo (SHA-256 de sus nodos y relaciones) identifica los registros de "
        "los que se hizo este archivo.",
    ),
    "dossier.figures": ("Figures", "Cifras"),
    "dossier.timeline": ("Timeline", "Cronología"),
    "dossier.timeline_cut": (
        "The first {shown} persons of {total}, by first order.",
        "Las primeras {shown} personas de {total}, por primera orden.",
    ),
    "dossier.chains": ("Re-arrest chains", "Cadenas de recaptura"),
    "dossier.no_chains": (
        "No re-arrest after a release in these records.",
        "Ninguna recaptura tras una excarcelación en estos registros.",
    ),
    "dossier.facts": ("Facts and their sources", "Hechos y sus fuentes"),
    "dossier.sources": ("Sources", "Fuentes"),
    "dossier.judgements": ("Records judged to be the same", "Registros juzgados como uno solo"),
    "dossier.no_judgements": ("No records were merged.", "No se unificó ningún registro."),
    "dossier.no_source": ("no source cited", "sin fuente citada"),
    "dossier.about": ("About", "Datos"),
    "dossier.reference": (
        "matched reference entity",
        "entidad de referencia (juzgada la misma)",
    ),
    "fig.orders": ("orders", "órdenes"),
    "fig.persons": ("persons", "personas"),
    "fig.facilities": ("facilities", "centros"),
    "fig.rearrests": ("re-arrests after a release", "recapturas tras una excarcelación"),
    "fig.days_free": (
        "days free before a re-arrest (median; least – most)",
        "días en libertad antes de una recaptura (mediana; mínimo – máximo)",
    ),
    "fig.same_share": (
        "re-arrests ordered by the official of the arrest before the release",
        "recapturas ordenadas por el funcionario de la detención anterior a la excarcelación",
    ),
    "fig.conditions": (
        "release conditions before the re-arrests",
        "medidas de la excarcelación previa a las recapturas",
    ),
    "fig.kinds": ("orders by kind", "órdenes por tipo"),
    "fig.first_last": ("first and last order", "primera y última orden"),
    "fig.none": ("none", "ninguna"),
    "col.person": ("person", "persona"),
    "col.arrest": ("arrest", "detención"),
    "col.release": ("release", "excarcelación"),
    "col.rearrest": ("re-arrest", "recaptura"),
    "col.days_free": ("days free", "días en libertad"),
    "col.same": ("same official", "mismo funcionario"),
    "col.conditions": ("conditions", "medidas"),
    "col.date": ("date", "fecha"),
    "col.fact": ("fact", "hecho"),
    "col.sources": ("sources", "fuentes"),
    "col.records": ("records", "registros"),
    "col.judgement": ("judgement", "juicio"),
    "col.by": ("by", "por"),
    "col.at": ("on", "fecha"),
    "col.notes": ("notes", "notas"),
    "yes": ("yes", "sí"),
    "no": ("no", "no"),
    "by": ("by {name}", "por {name}"),
}


def language(lang: str | None = None) -> str:
    """The language of a page: `lang` checked, else the user's locale (see the module).

    >>> language("es")
    'es'
    >>> language("fr")
    Traceback (most recent call last):
    ...
    detnet.graph.errors.UsageError: --lang: expected es or en, not 'fr'
    """
    if lang is None:
        for variable in LOCALE_VARIABLES:
            value = os.environ.get(variable)
            if value:
                return "es" if value.lower().startswith("es") else "en"
        return "en"
    if lang not in LANGUAGES:
        raise UsageError(f"--lang: expected es or en, not {lang!r}")
    return lang


class Text:
    """The messages of one language.

    >>> t = Text("es")
    >>> t("kind.arrest"), t.n(2, "day"), t("window.since", since="2024-01-01")
    ('detención', '2 días', 'desde el 2024-01-01')
    >>> Text("en").n(1, "re-arrest")
    '1 re-arrest'
    """

    def __init__(self, lang: str | None = None):
        self.lang = language(lang)
        self.index = LANGUAGES.index(self.lang)

    def __call__(self, key: str, **values: object) -> str:
        message = MESSAGES[key][self.index]
        return message.format(**values) if values else message

    def n(self, count: int, key: str) -> str:
        """A count and its noun, in the number the count needs."""
        one, many = MESSAGES[key][self.index]
        return f"{self.number(count)} {one if count == 1 else many}"

    def number(self, count: int) -> str:
        """A whole number with its thousands marked: 1,200 in English, 1.200 in Spanish."""
        text = f"{count:,}"
        return text.replace(",", ".") if self.lang == "es" else text

    def noun(self, key: str, count: int = 2) -> str:
        """The noun alone, singular or plural."""
        one, many = MESSAGES[key][self.index]
        return one if count == 1 else many

    def page(self, *prefixes: str) -> dict[str, object]:
        """The messages whose keys start with these prefixes, for a page's script."""
        return {k: v[self.index] for k, v in MESSAGES.items() if k.startswith(prefixes)}
