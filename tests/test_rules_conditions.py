"""Each rule condition, the combinators, and how a decision and its reasons are assembled."""

from __future__ import annotations

import re
import textwrap
import time
from pathlib import Path

import pytest

from bot.brain.embeddings import LocalEmbedder
from bot.escalation.base import RuleInput
from bot.escalation.engine import RulesEngine
from bot.escalation.loader import check_rules_file, read_rules
from bot.models import Decision, Message, Participant

BUYER = Participant(role="buyer", account_id="b-1")


def engine_for(tmp_path: Path, yaml_text: str, embedder: LocalEmbedder | None = None) -> RulesEngine:
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
    return RulesEngine.from_file(path, embedder)


async def run(engine: RulesEngine, text: str, **kwargs: object) -> Decision:
    masked, kinds = engine.mask(text)
    fields: dict[str, object] = {"participant": BUYER, "channel": "webchat", "sensitive_found": kinds}
    fields.update(kwargs)
    return await engine.evaluate(RuleInput(text=masked, **fields))  # type: ignore[arg-type]


def one_tag(when: str, **extra: str) -> str:
    settings = extra.pop("settings", "")
    body = textwrap.indent(textwrap.dedent(when).strip(), " " * 6)
    return f"{settings}\ntags:\n  - name: t\n    handoff: true\n    when:\n{body}\n"


async def test_keywords_match_whole_words_and_phrases_ignoring_case_and_accents(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, one_tag("keywords: [chargeback, fee, 'réclamation formelle']"))
    assert (await run(engine, "I will do a CHARGEBACK today")).tags == ["t"]
    assert (await run(engine, "Je fais une reclamation Formelle")).tags == ["t"]
    assert (await run(engine, "thanks for the feedback")).tags == []  # whole words only
    assert (await run(engine, "a formelle reclamation")).tags == []  # phrases in order
    decision = await run(engine, "a Chargeback, then")
    assert [r.detail for r in decision.reasons] == ['keyword "chargeback"']


async def test_keywords_tolerate_typos_only_when_the_typed_word_is_not_a_real_word(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, one_tag("keywords: [file a complaint]"))
    decision = await run(engine, "i want to file a complant now")
    assert decision.tags == ["t"]
    assert decision.reasons[0].detail == 'keyword "file a complaint" (typed "file a complant")'
    # "compliant" is a real word: never read as "complaint".
    assert (await run(engine, "is this file a compliant one")).tags == []
    strict = engine_for(tmp_path, one_tag("keywords: {words: [file a complaint], typos: false}"))
    assert (await run(strict, "i want to file a complant now")).tags == []


async def test_typos_are_repaired_only_in_english_so_a_word_of_another_language_is_not_read_as_a_keyword(
    tmp_path: Path,
) -> None:
    engine = engine_for(tmp_path, one_tag("keywords: [reclamation]"))
    decision = await run(engine, "I want to file a reclamaton against your company", language="en")
    assert decision.tags == ["t"] and decision.reasons[0].detail == 'keyword "reclamation" (typed "reclamaton")'
    # The Spanish "reclamación" and the German "Reklamation" are any claim, not the English keyword.
    assert (await run(engine, "si un comprador abre una reclamación, cuánto tiempo tengo?", language="es")).tags == []
    assert (await run(engine, "Wie viele Fotos braucht ihr für eine Reklamation?", language="de")).tags == []


async def test_regex_searches_folded_text_and_reports_what_matched(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, one_tag(r"regex: '\bdidn''t (order|buy) (this|that)\b'"))
    decision = await run(engine, "I DIDN'T ORDER THIS!")
    assert decision.tags == ["t"]
    assert decision.reasons[0].condition == "regex"
    assert 'matched "didn t order this"' in decision.reasons[0].detail
    assert (await run(engine, "I ordered this")).tags == []


async def test_regex_word_gaps_cross_punctuation_but_a_pattern_that_needs_punctuation_still_does(
    tmp_path: Path,
) -> None:
    engine = engine_for(tmp_path, one_tag(r"regex: ['\bklarna (?:\w+ ){0,3}paused\b', '\bwhy\?']"))
    decision = await run(engine, "Klarna: I've paused the invoice, the lamp never came.")
    assert decision.tags == ["t"]
    assert 'matched "klarna i ve paused"' in decision.reasons[0].detail
    assert (await run(engine, "Klarna, as I said, is the one I use; I never paused.")).tags == []
    assert (await run(engine, "why? it never came")).tags == ["t"]
    strict = engine_for(tmp_path, one_tag(r"regex: {patterns: ['\bklarna (?:\w+ ){0,3}paused\b'], typos: false}"))
    assert (await run(strict, "Klarna: I've paused the invoice")).tags == ["t"]


async def test_a_pattern_names_a_word_list_and_its_reason_shows_the_pattern_as_written(tmp_path: Path) -> None:
    """A list of words kept once under `words:` reads as "any of these" wherever a pattern names it."""
    words = "words:\n  opened: [opened, filed, abri, he abierto, ouvert]\n  case: [case, 'dispute', caso, litige, 'no']\n"
    engine = engine_for(tmp_path, one_tag(r"regex: '\b{opened}(?: \w+){0,3} {case}\b'", settings=words))
    decision = await run(engine, "Ya abrí un caso en PayPal por el pedido 4471")
    assert decision.tags == ["t"]
    assert decision.reasons[0].detail == r'regex /\b{opened}(?: \w+){0,3} {case}\b/ matched "abri un caso"'
    assert (await run(engine, "J'ai ouvert un litige")).tags == ["t"]
    assert (await run(engine, "opened no")).tags == ["t"], "a quoted 'no' is the word, not YAML's false"
    assert (await run(engine, "how do I open a case?")).tags == []


def test_a_pattern_naming_a_list_the_file_lacks_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(one_tag(r"regex: '\b{opened} {claims}\b'", settings="words:\n  opened: [opened, filed]\n"),
                    encoding="utf-8")
    problems = check_rules_file(path)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:8:"), problems
    assert "no word list {claims} under `words:` (the file has: opened)" in problems[0]
    path.write_text(one_tag(r"regex: '\b{opened}\b'", settings="words:\n  Opened-Now: [opened]\n"), encoding="utf-8")
    assert any("word list name 'Opened-Now'" in p for p in check_rules_file(path))
    # `written` is Baton's own record of the pattern before expansion, not a key the file may set:
    # set by hand it would leave {opened} unexpanded, a pattern that silently never matches.
    path.write_text(one_tag("regex: {patterns: ['\\b{opened}\\b'], written: [x]}",
                            settings="words:\n  opened: [opened]\n"), encoding="utf-8")
    problems = check_rules_file(path)
    assert len(problems) == 1 and "`written` is not a key of `regex:`" in problems[0], problems


async def test_keywords_name_a_word_list_of_plain_words(tmp_path: Path) -> None:
    """`keywords: '{name}'` is any phrase of the list: a word lookup needs no pattern."""
    words = "words:\n  if: [if, si, wenn, falls]\n  opened: ['abr[ií]', opened]\n"
    engine = engine_for(tmp_path, one_tag("all:\n  - keywords: [refund]\n  - not: {keywords: '{if}'}", settings=words))
    assert (await run(engine, "I want my refund")).tags == ["t"]
    assert (await run(engine, "what if I want a refund")).tags == []
    assert (await run(engine, "y si quiero un refund?")).tags == []
    path = tmp_path / "rules.yaml"
    path.write_text(one_tag("keywords: '{opened}'", settings=words), encoding="utf-8")
    problems = check_rules_file(path)
    assert len(problems) == 1 and "word list {opened} holds pattern fragments ('abr[ií]')" in problems[0], problems
    path.write_text(one_tag("keywords: {if}", settings=words), encoding="utf-8")
    problems = check_rules_file(path)
    assert len(problems) == 1 and "write a word list in quotes: keywords: '{if}'" in problems[0], problems


def test_every_word_list_of_the_shipped_file_is_used_and_every_pattern_reads_in_one_glance() -> None:
    """The shipped file keeps its vocabularies in word lists, so no pattern is a wall of words."""
    path = Path(__file__).resolve().parent.parent / "config" / "rules.yaml"
    rules = read_rules(path).rules
    written: list[str] = []
    # lists named by keywords (`keywords: '{if}'`) are expanded at load: found in the file's text
    keyword_lists = set(re.findall(r"^ *(?:- )?(?:not: \{)?keywords: '\{([a-z][a-z0-9_]*)\}'", path.read_text(encoding="utf-8"),
                                   flags=re.MULTILINE))

    def walk(node: object) -> None:
        if node is None:
            return
        regex = getattr(node, "regex", None)
        if regex is not None:
            written.extend(regex.written or regex.patterns)
        for child in (getattr(node, "all_", None) or []) + (getattr(node, "any_", None) or []):
            walk(child)
        walk(getattr(node, "not_", None))

    for tag in rules.tags:
        walk(tag.when)
    used = {name for pattern in written for name in re.findall(r"\{([a-z][a-z0-9_]*)\}", pattern)} | keyword_lists
    assert used == set(rules.words), sorted(used ^ set(rules.words))
    too_long = [p for p in written if len(p) > 130]
    assert not too_long, too_long


async def test_similar_to_matches_by_meaning_and_names_the_example(
    tmp_path: Path, embedder: LocalEmbedder
) -> None:
    engine = engine_for(
        tmp_path,
        one_tag(
            """
            similar_to:
              min_similarity: 0.6
              examples: [I want to speak to someone, The package arrived broken]
            """
        ),
        embedder,
    )
    decision = await run(engine, "can I talk to a human please")
    assert decision.tags == ["t"]
    reason = decision.reasons[0]
    assert reason.condition == "similar_to" and reason.detail.endswith('to "I want to speak to someone"')
    score = float(reason.detail.split()[1])
    assert 0.6 <= score <= 1.0
    assert (await run(engine, "what payment methods do you accept")).tags == []


async def test_confidence_below_never_fires_before_the_brain_answers(tmp_path: Path) -> None:
    engine = engine_for(
        tmp_path,
        one_tag("any: [{confidence_below: default}]", settings="settings: {confidence_threshold: 0.45}"),
    )
    assert (await run(engine, "hello", confidence=None)).tags == []
    assert (await run(engine, "hello", confidence=0.9)).tags == []
    decision = await run(engine, "hello", confidence=0.31)
    assert decision.handoff and decision.reasons[0].detail == "confidence 0.31 < 0.45"


async def test_role_tier_channel_and_accounts(tmp_path: Path) -> None:
    (tmp_path / "vip.txt").write_text("# high-value vendors\nv-9\n\nv-10  # since March\n", encoding="utf-8")
    engine = engine_for(
        tmp_path,
        """
        tags:
          - {name: vendor, when: {role: vendor}}
          - {name: gold, when: {tier: [gold, platinum]}}
          - {name: discord, when: {channel: discord}}
          - {name: vip-inline, when: {accounts: [v-1, v-2]}}
          - {name: vip-file, when: {accounts_file: vip.txt}}
        """,
    )
    vendor = Participant(role="vendor", account_id="v-10", tier="Gold")
    decision = await run(engine, "hi", participant=vendor, channel="discord")
    assert sorted(decision.tags) == ["discord", "gold", "vendor", "vip-file"]
    assert any(r.detail == "account v-10 (in vip.txt)" for r in decision.reasons)
    assert not decision.handoff  # all label-only
    assert (await run(engine, "hi", participant=Participant(account_id="v-2"))).tags == ["vip-inline"]


async def test_sensitive_data_uses_the_kinds_the_router_masked(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, one_tag("sensitive_data: [card, iban]"))
    decision = await run(engine, "card 4111 1111 1111 1111 please retry")
    assert decision.tags == ["t"] and decision.reasons[0].detail == "sensitive data: card"
    # The router passes the kinds it masked; the rule trusts them even though the text is clean now.
    direct = await engine.evaluate(
        RuleInput(text="my card is **** **** **** 1111", participant=BUYER, channel="webchat",
                  sensitive_found=["card"])
    )
    assert direct.tags == ["t"]
    # ...and re-checks the text in case a caller forgot to mask.
    unmasked = await engine.evaluate(
        RuleInput(text="IBAN DE89370400440532013000", participant=BUYER, channel="webchat")
    )
    assert unmasked.tags == ["t"]
    assert (await run(engine, "my password is hunter2")).tags == []  # not a listed kind


async def test_human_requested_in_several_languages_but_not_when_declined(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, one_tag("human_requested: true"))
    for text in (
        "can i pls speak with a real person",
        "get me a human",
        "I need to contact somneone from support",
        "Je voudrais parler à un conseiller",
        "quiero hablar con un agente",
        "Kann ich mit einem Mitarbeiter sprechen?",
        # A call back, a number someone answers, a real person there: in every language, not only English.
        "Kann mich bitte jemand zurückrufen?",
        "me podéis llamar esta tarde?",
        "Quelqu'un peut me rappeler demain ?",
        "y a pas un numéro où quelqu'un décroche ??",
        "Is there a phone number where someone actually picks up?",
        "Hallo? Ist da jemand Echtes?",
        "¿hay alguien de carne y hueso por ahí?",
        "no quiero un bot, quiero que alguien lea lo que escribo",
        "¿Me podría atender una asesora? Es un lío con dos pedidos",
        "prefiero que me atienda una persona",
        "pas de robot svp",
        "Bitte keinen Chatbot mehr",
        # a person doing something for me
        "Est-ce qu'un humain peut me répondre ? J'ai déjà lu toutes vos pages d'aide.",
        "I'm not good with computers. Could a person help me sort out my order?",
        "Je veux une vraie personne",
        "Pourriez-vous me mettre en contact avec un conseiller ? Ma question est trop particulière",
        "wie komm ich an einen Sachbearbeiter ran?",
        "das möchte ich nicht mit automatischen Antworten besprechen",
        "Can I speak to a human or is everything automated here?",  # "or automated" about the service
        "Buenas, preferiría que alguien del equipo me llamara para repasar cómo va mi tienda.",
        "Mi madre no se apaña con el chat, ¿alguno de vosotros podría llamarla por teléfono?",
        # a call arranged, or a call back through someone
        "Tengo varias dudas muy específicas. ¿Me pueden agendar una llamada con alguien de soporte esta semana?",
        "Pouvez-vous me faire rappeler par quelqu'un du service vendeurs ?",
        "Could we schedule a call with someone from your team this week?",
        "J'aimerais qu'une personne de l'équipe vendeurs m'accompagne par téléphone pour ma première annonce.",
        "Ça fait 20 minutes que ça tourne en rond. Y a-t-il quelqu'un de vivant chez vous ??",
        "bitte Rückruf von einem Kollegen aus dem Support, danke",
        "Est-il possible d'être rappelée demain matin ? Je suis au travail toute la journée.",
        "¿Hay algún humano ahí? Llevo 20 minutos escribiendo y solo me salen respuestas automáticas",
    ):
        assert (await run(engine, text)).tags == ["t"], text
    for text in (
        "can I get a refund without talking to anyone?",
        "I don't want to talk to a human, just tell me the fee",
        "i dont need to speak to anyone, just the tracking link",  # no apostrophe: still "don t"
        "the courier agent left it with my neighbour",
        "can someone else collect my parcel?",
        "Kann der Kurier mich vorher anrufen?",  # the courier calling, not a person of ours
        "¿El repartidor me puede llamar antes de venir?",
        "¿el repartidor podría llamarla antes de venir? mi madre no oye el timbre",
        "¿el vendedor me puede llamar para quedar? vendo una bici",  # the vendor calling
        "Le livreur peut me rappeler avant de passer ?",
        "Pouvez-vous me mettre en contact avec le vendeur ? Il ne répond pas",  # the seller, not a person of ours
        "¿la aspiradora funciona sin robot de limpieza?",
        # how the marketplace works: whether a person reads reports or sees card numbers
        "Est-ce que c'est une vraie personne qui lit les signalements, ou c'est automatique ?",
        "Est-ce qu'une vraie personne peut voir mon numéro de carte quand je paie ?",
        "can someone help me find my tracking number?",
        # the person as one of two answers: a question about the service
        "Est-ce qu'une vraie personne regarde les signalements d'annonces ou c'est automatique ?",
        "Wie komme ich an meine Rechnung ran?",
        # asked ahead of time, not a request for a person now
        "¿hay algún teléfono para hablar con alguien? es para el futuro, hoy no necesito nada",
        "Kann ich mit einem Mitarbeiter sprechen, falls mal was ist? Nicht jetzt, nur für später.",
        "On peut parler à un conseiller ? C'est pour la prochaine fois.",
        "¿el repartidor puede agendar una llamada antes de traer la nevera?",  # the courier's call
        # a product recall is not a call back; the way to a person seen, asked about
        "In der Zeitung stand was von einem Rückruf für Regenverdecke. Dürfen solche Sachen verkauft werden?",
        "Bonjour, j'ai vu qu'on pouvait parler à un conseiller. C'est jusqu'à quelle heure le samedi ?",
    ):
        assert (await run(engine, text)).tags == [], text


async def test_staff_request_is_a_decision_only_staff_take_not_a_question_about_the_rule(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, one_tag("staff_request: true"))
    for text in (
        "Can you waive the €25 missed-delivery fee? The driver came before my slot started.",
        "Can you waiv the late fee?",  # a typo still counts
        "Pouvez-vous supprimer un avis injuste sur ma boutique ?",
        "Je souhaite transférer mon compte au nom de mon mari, c'est possible ?",
        "¿podéis adelantarme el pago de esta semana? Lo necesito antes del martes.",
        "Ich übergebe mein Gewerbe an meinen Sohn. Kann der Verkäuferaccount auf ihn übertragen werden?",
        "Could you raise my listing limit to 2,000 for December?",
        "I'm selling my shop next month. Can the seller account be transferred to the new owner?",
        "I deleted my own review already, now please waive the late fee",  # their review aside, a fee waived
        "la tarjeta con la que pagué está cancelada, ¿me podéis hacer el reembolso a otra tarjeta?",
        # the rule known, and asked to be let off it
        "I know the window closed yesterday but could you take it back just this once?",
        "Könnt ihr mir den Versand ausnahmsweise erstatten? Ich war im Krankenhaus.",
        "Je n'ai pas assez de points pour le bon, vous pouvez me laisser commander quand même ?",
        "Vous pouvez m'accorder une semaine de plus pour le retour ?",
        "la tienda no contesta y ya pasó el plazo, podéis forzar la cancelación?",
        # something that ran out, asked back
        "My loyalty points expired last month while I was abroad. Could you restore them?",
        "me caducaron los puntos la semana pasada, me los podéis devolver?",
        "Mein Guthaben ist verfallen, weil ich ein Jahr nichts bestellt habe. Könnt ihr es wieder gutschreiben?",
        "Necesitamos el pago antes del lunes para pagar a un proveedor. ¿Es posible por una vez?",
        "ya sé que no se puede devolver pero me haríais el favor de rehacerla?",
        "Je sais que le délai est dépassé mais vous pouvez quand même le reprendre ?",
        "I know the return window is 30 days but could you take it back? I was in hospital",
        # a limit raised
        "¿Me pueden subir el límite de 50 anuncios? Tengo otros 30 productos listos.",
        "Könnten Sie mein Angebotslimit einmalig erhöhen?",
        "Pouvez-vous augmenter ma limite d'annonces pour Noël ?",
        # asked past the rule anyway, a fee waived, a reserve lifted, a warranty prolonged
        "la garantía del portátil se venció hace 2 semanas y se dañó la bisagra, ¿me la pueden cubrir igual?",
        "Le minimum de versement est à 20 € et j'ai 14 € bloqués. Vous pouvez me les verser quand même ?",
        "Ich habe die Rückgabefrist um drei Tage verpasst. Können Sie die Rücksendung trotzdem annehmen?",
        "Könnt ihr mir die 5,95 € Rücksendekosten erlassen? Ich hab mich beim Modell vertan.",
        "Die 10-%-Reserve für Neuverkäufer ist hart. Könnt ihr die bei mir früher aufheben?",
        "Llevo 60 ventas sin incidencias, ¿me podéis levantar ya la retención del 10%?",
        "Ma garantie de 12 mois a expiré le mois dernier. Vous pouvez me la prolonger ?",
        # refunded another way than paid
        "Pagué con Mercado Pago pero ya no uso esa cuenta. ¿Me pueden devolver la plata a mi banco en vez de ahí?",
        "le quité el plástico al colchón para ver si encajaba, está sin usar, ¿me lo aceptan igual porfa?",
        "On me facture 25 € pour une nouvelle livraison, vous pouvez me les offrir pour cette fois ?",
        "El cupón de bienvenida me caducó hace dos días. ¿Me lo activáis otra vez porfa?",
        "compré una mesa a medida y me equivoqué, sé que no se puede devolver pero pucha, no hay ninguna forma?",
        "J'ai changé d'avis (je sais, pas de retour normalement). Le vendeur serait d'accord. Vous pouvez forcer le retour ?",
        "Pagué con tarjeta pero la di de baja, ¿me pueden devolver la plata a Mercado Pago en vez de a la tarjeta?",
        "Die 14 Tage sind seit vorgestern um, ich weiss. Kann ich die Reklamation trotzdem noch machen?",
    ):
        decision = await run(engine, text)
        assert decision.tags == ["t"], text
        assert decision.reasons[0].detail.startswith("asked for what only staff can grant"), decision.reasons[0].detail
    for text in (
        "what is the missed-delivery fee?",
        "How do I delete my own review?",
        "How do I reactivate my account?",
        "how long is the return window for used items?",
        "Est-ce que vous pouvez rembourser sur un autre compte ? C'est juste pour savoir comment ça marche",
        "how do I remove a card from my account",
        "wann wird die Auszahlung überwiesen?",
        "Do loyalty points expire?",
        "¿se pueden recuperar los puntos caducados?",
        "der Gutscheincode geht nicht, ich hab aber nur einmal bestellt",
        "Ma carte cadeau expire quand ?",
        "por una vez el paquete llegó a tiempo, gracias!",
        "I know it's Sunday but can you tell me where my parcel is?",
        "ya sé que es domingo pero me podéis decir dónde está mi paquete?",
        "¿cuál es el límite de anuncios en mi nivel?",
        "Wie hoch ist das Limit für Angebote?",
        "Könnt ihr nachschauen, warum der Login trotzdem nicht geht?",  # why it fails anyway: a question
        "¿pueden enviarme uno igual pero en negro?",  # "igual": the same one
        "can I get a refund instead of a replacement?",  # a choice the rules give, not asked of staff
        "¿cuándo se levanta la retención del 10%?",
        "¿me lo mandan igual que el anterior, en una caja?",  # "igual que": like
    ):
        assert (await run(engine, text)).tags == [], text


async def test_asks_in_general_is_said_in_four_languages_and_not_read_into_other_words(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, one_tag("asks_in_general: true"))
    for item in (
        "How do chargebacks work here? Just curious as a new buyer.",
        "What happens to my payout if a buyer opens a dispute? Nothing has happened, just want to understand.",
        "¿cómo se denuncia un anuncio? solo quiero saber el procedimiento",
        "C'est quoi la différence entre un litige PayPal et votre protection ? Simple question.",
        "Was macht ihr, wenn jemand beleidigend wird? Frag nur allgemein, bei mir ist alles gut.",
        # Asking ahead of time.
        "How does a chargeback reach my shop? I'd like to know before it happens.",
        "¿Cómo funciona una deducción si el comprador devuelve algo roto? Lo quiero tener claro antes de que me pase.",
        "Wie läuft ein Käuferschutzfall ab, bevor es mir passiert?",
        "Comment se passe un litige, avant que ça m'arrive ?",
        "si un vendedor me insulta, dónde lo denuncio? no me ha pasado, es solo por saberlo",
        "hay un teléfono para hablar con alguien? para el futuro, hoy no necesito nada",
        "Who reviews a reported listing, a person? Asking for next time.",
        "Wer entscheidet bei einem Streit mit dem Verkäufer? Nur für die Zukunft.",
        "Comment on signale un vendeur ? C'est pour la prochaine fois.",
        "si quelqu'un vole mon compte un jour, je perds mes points ? je demande par précaution",
        "Si j'ouvre une réclamation et que j'appelle aussi ma banque, il se passe quoi ? Question théorique.",
        "Wie läuft das ab, wenn ein Käufer seine Zahlung zurückholt? Wir wollen vorbereitet sein",
        "qué pasa cuando un comprador anula un pago con su banco? solo preguntamos",
        # a suspicious message left alone, asked about
        "Hab ne SMS wegen 1,99€ Zollgebühr gekriegt, hab aber nicht draufgeklickt. Ist das echt?",
        "me llegó un correo de que me cierran la cuenta, no pinché nada, es fraude verdad?",
        "Got a text saying my parcel is held, I didn't click it. Is this you?",
        "un comprador puede hacer un chargeback después de que le haya devuelto el dinero? cómo va en general",
        "Qu'est-ce qui se passe si un acheteur conteste un paiement auprès de sa banque ? C'est théorique.",
        "Combien de temps pour répondre à une réclamation ? Question générale, rien en cours.",
        "J'ai reçu un mail avec un lien bizarre. Je n'ai pas cliqué. C'est du phishing ?",
        # something that happened to someone else, elsewhere
        "Un ami s'est fait arnaquer ailleurs par un faux vendeur. Comment je reconnais un vendeur fiable ici ?",
        "A un amigo le hackearon la cuenta en otra web. ¿Cómo protejo la mía?",
        "Ein Kollege wurde auf einer anderen Seite abgezockt. Woran erkenne ich seriöse Händler?",
        # something heard (the news, a forum, a relative), asked to be confirmed
        "Mi cuñado es policía y dice que los cascos usados no se pueden vender, ¿es verdad?",
        "En un foro dicen que hay que denunciar en comisaría si no llega el paquete, ¿de verdad hace falta?",
        "Me han dicho que por el chat roban tarjetas. ¿Es seguro pagar aquí?",
        "My uncle is a lawyer and says you must refund within 14 days, is that true?",
        "I've heard people get scammed on marketplaces like this. Is it safe to pay here?",
        "Mon père est gendarme, il m'a dit de ne jamais payer hors plateforme. C'est bien votre règle ?",
        "Ich habe gelesen, dass man bei Gebrauchtware kein Rückgaberecht hat. Stimmt das?",
        # for later
        "Gibt es eine Telefonnummer für Verkäufer? Nur für später.",
        # whether a person or a machine does it, or the customer themselves
        "¿Los avisos de anuncios falsos los revisa una persona o un robot?",
        "Para abrir una disputa, ¿tengo que hablar con alguien o lo hago yo desde la web?",
        # a case supposed, said first
        "Angenommen, ein Käufer beleidigt mich im Chat – was kann ich dann tun?",
        "Supongamos que un vendedor no me contesta en una semana, ¿qué hago?",
        "Hipotéticamente, si un vendedor me pide pagar por Bizum, ¿me cubre la garantía?",
        # not happened yet
        "¿cómo se abre una reclamación? todavía no me ha pasado nada, el paquete llega el jueves",
        "On m'a parlé de clients qui font opposition. Ça ne m'est jamais arrivé, mais quels justificatifs garder ?",
        "Wie läuft ein Streitfall ab? Ich hatte noch keinen Fall.",
        # hearsay from a group or a relative, the customer naming their own role
        "mi compadre que es abogado dice que si uno repara el equipo pierde la garantía 🤔 ¿es cierto?",
        "parce, soy vendedor, que es eso de la reserva del 10%? lei en un grupo que se la ponen a todos, es cierto?",
        "Bin neu als Verkäufer und hab gehört, bei Streitfällen kassiert ihr eine Gebühr. Stimmt das?",
        # whether people handle it, or all of it is automatic
        "Cuando denuncio un anuncio raro, ¿lo revisa una persona o es todo automático?",
        "J'ai signalé une annonce hier. Ce sont des personnes qui traitent ça ?",
        # an impostor ignored, asked about
        "Un inconnu m'a écrit sur Instagram comme « service client ». Je l'ai bloqué sans répondre. Vous contactez les gens par les réseaux sociaux ?",
        "Me escribió un 'vendedor' por WhatsApp ofreciendo descuento si le pagaba fuera. Le he bloqueado. ¿Hice bien?",
        "Un vendeur m'a proposé de payer par virement en dehors du site. J'ai refusé bien sûr. C'est interdit chez vous, non ?",
        # nothing left to do: settled, or nothing serious
        "Ya está solucionado, el vendedor me mandó la pieza que faltaba 👍 solo quería confirmar que no tengo que cerrar nada.",
        "Finalement c'est réglé : le vendeur m'a renvoyé un coussin neuf. Je n'ai rien d'autre à faire ?",
        "Una marquita en la pata del sofá, nada grave, me lo quedo. ¿Se lo comento al vendedor?",
        # ... with thanks all the same: "igualmente", "trotzdem" thank, they don't say the trouble goes on
        "Ya está solucionado lo del paquete, lo tenía la vecina del cuarto. Gracias igualmente!",
        "Hat sich erledigt, das Paket stand in der Garage. Danke trotzdem!",
        # no case open, only to understand
        "On m'a dit qu'il fallait répondre en 3 jours aux réclamations. Ouvrés ou calendaires ? Pas de réclamation en cours.",
        "C'est quoi la différence entre une réclamation et un litige bancaire ? Je ne compte rien faire, je veux juste comprendre.",
        # a listing not bought, or only to help; a false alarm; not a complaint; for if it is needed
        "vi un Rolex publicado re barato. No lo compré. ¿Cómo lo denuncio por si es trucho?",
        "Wie melde ich ein Inserat mit gefälschten Yeezys? Ich habe nichts gekauft, will nur helfen.",
        "Uff, ich dachte zuerst, jemand hätte sich in mein Konto eingeloggt, aber es war meine Tochter 😅 Wo sehe ich die Sitzungen?",
        ("Je ne fais pas de réclamation, je précise ! Le vendeur peut voir mon adresse avant que je paie ?", "fr"),
        "No quiero poner ninguna reclamación, solo saber a qué hora abre el soporte por si mañana lo necesito.",
        "Si je signale un vendeur, il saura que c'est moi ? Pour l'instant il ne s'est rien passé.",
    ):
        # (text, language) where the language matters: a message in English would have "fais" read
        # as a typo of the rules' "frais"; the engine detects the language with its models
        text, language = item if isinstance(item, tuple) else (item, None)
        decision = await run(engine, text, language=language)
        assert decision.tags == ["t"], text
        assert decision.reasons[0].detail.startswith("only asks in general"), decision.reasons[0].detail
    for text in (
        "In general your service has been awful and I want my money back",
        "Nothing's wrong with the lamp but the seller refuses my return",
        "I'm curious why my refund still hasn't arrived after three weeks",
        "It happened again before I could stop it: another charge I didn't make",
        "Pasó antes de que pudiera cancelar, quiero mi dinero",
        "Das ist kein theoretisches Problem, mein Geld ist weg!",
        "Das ist mir noch nie passiert, das Paket ist schon wieder weg",  # a complaint, not asking ahead
        "Nunca me ha pasado algo así, el paquete llegó roto y nadie responde",
        # an incident, then a question about the service: still an incident
        "uns hat der Anwalt eines Käufers geschrieben, mit Frist. Müssen wir antworten? ist uns noch nie passiert",
        "nunca nos ha pasado algo así: el comprador dice que la caja llegó vacía",
        "me llegó roto, ¿lo reclamáis vosotros o lo hago yo?",
        "mi pedido no llegó, ¿en qué casos me devolvéis el dinero?",
        "Ich habe nichts angeklickt, trotzdem wurde mein Konto gehackt. Ist das Betrug?",
        "Hat sich erledigt, aber mein Konto ist trotzdem gesperrt",  # settled, yet the trouble goes on
        "je n'ai rien cliqué mais on m'a débité 80€, c'est une arnaque ?",
        "Me llegó una consola, la caja sin abrir pero pesa muy poco, ¿es falsa?",  # opened: a parcel
        # someone else's trouble here, or the customer's own elsewhere: still for a person
        "A mi amigo le vendisteis un casco falso y no le devolvéis el dinero",
        "el vendedor me pidió pagarle en otra web y ahora no contesta",
        # the other party's word, or harm done, is a story told, not hearsay
        "El vendedor dice que no me devuelve el dinero porque lo usé, ¿es verdad?",
        "Der Verkäufer meint, die Rücksendung zahle ich. Stimmt das?",
        "On m'a dit que c'était sûr, et on m'a quand même débité deux fois. C'est vrai que vous remboursez ?",
        # a relative named, nothing heard from them
        "Mi cuñado es policía, ¿es seguro pagar con tarjeta aquí?",
        # a person or a bot named as who did the harm
        "Someone or a bot hacked my account last night and changed the email",
        # "angenommen" and "suppose" not said first: a parcel refused, a complaint
        "Der Verkäufer hat meine Rücksendung nicht angenommen, was soll das?",
        "I suppose you lost my parcel again, where is my money?",
        # the other party's word, told by a seller: still a story
        "Soy vendedor y el comprador dice que la caja llegó vacía, ¿es verdad que le devolvéis el dinero?",
        # an impostor answered, or harm done
        "Un faux service client m'a écrit, je n'ai pas répondu mais on m'a quand même débité 50 €",
        # settled, then a new problem; "comme ça c'est réglé" is not settled already
        "Ya está solucionado lo del envío, pero ahora el vendedor no me devuelve la fianza",
        "je vous donne mon numéro de commande, comme ça c'est réglé ?",
        # a charge nobody made is not "nothing bought": it is fraud
        "Me aparece un cargo de 89,90 que no reconozco, no lo compré yo",
        "There are three charges on my Visa and I haven't bought anything in months",
        "I thought the parcel was lost, but it was my neighbour who signed, and now the box is empty",
    ):
        assert (await run(engine, text)).tags == [], text


def _history(*lines: tuple[str, str]) -> list[Message]:
    now = time.time()
    return [Message(id=str(i), conversation_id="c", author=a, text=t, ts=now + i)  # type: ignore[arg-type]
            for i, (a, t) in enumerate(lines)]


async def test_repeated_question_and_bot_answers_without_resolution(
    tmp_path: Path, embedder: LocalEmbedder
) -> None:
    engine = engine_for(
        tmp_path,
        """
        tags:
          - name: again
            when: {repeated: {times: 2, min_similarity: 0.85}}
          - name: circles
            when: {repeated: {times: null, bot_answers: 3}}
        """,
        embedder,
    )
    history = _history(("customer", "where is my refund for order 1234?"), ("bot", "Refunds take 5 days."))
    decision = await run(engine, "Where is my refund for order 1234??", history=history)
    assert decision.tags == ["again"]
    assert decision.reasons[0].detail.startswith("asked 2 times (similarity")
    assert (await run(engine, "how do I change my address?", history=history)).tags == []
    bots = _history(("customer", "a"), ("bot", "x"), ("customer", "b"), ("bot", "y"))
    assert (await run(engine, "ok", history=bots)).tags == []
    bots.append(_history(("bot", "z"))[0])
    decision = await run(engine, "ok", history=bots)
    assert decision.tags == ["circles"] and decision.reasons[0].detail == "3 bot answers without resolution"
    after_human = bots + _history(("human", "Hi, I'm Sam"), ("bot", "x"))
    assert (await run(engine, "ok", history=after_human)).tags == []


async def test_all_any_not_and_implicit_all(tmp_path: Path) -> None:
    engine = engine_for(
        tmp_path,
        """
        tags:
          - name: combined
            when:
              all:
                - any: [{keywords: [fraud]}, {keywords: [scam]}]
                - not: {regex: '\\bpolicy\\b'}
          - name: implicit
            when: {role: vendor, keywords: [payout]}
          - name: only-not
            when: {not: {role: buyer}}
        """,
    )
    decision = await run(engine, "this seller is a scam")
    assert decision.tags == ["combined"]
    assert [r.detail for r in decision.reasons] == ['keyword "scam"']
    assert (await run(engine, "what is your fraud policy")).tags == []
    assert (await run(engine, "my payout is late")).tags == []
    vendor = Participant(role="vendor")
    decision = await run(engine, "my payout is late", participant=vendor)
    assert decision.tags == ["implicit", "only-not"]
    assert [r.condition for r in decision.reasons] == ["role", "keyword", "when"]
    assert decision.reasons[2].detail == "not role in ['buyer']"


async def test_decision_orders_tags_by_priority_and_takes_handoff_details_from_the_top_handoff(
    tmp_path: Path,
) -> None:
    engine = engine_for(
        tmp_path,
        """
        settings: {default_route: C-MAIN, acknowledge_within: 45}
        tags:
          - {name: label, priority: 100, when: {keywords: [order]}}
          - {name: low, priority: 1, handoff: true, route: C-LOW, when: {keywords: [order]}}
          - name: high
            priority: 50
            handoff: true
            mention: "@payments"
            acknowledge_within: 15
            customer_message: A person will reply.
            when: {keywords: [order]}
          - {name: default-route, priority: 0, handoff: true, when: {keywords: [status]}}
        """,
    )
    decision = await run(engine, "my order")
    assert decision.tags == ["label", "high", "low"]
    assert decision.handoff
    assert (decision.route, decision.mention, decision.acknowledge_within, decision.customer_message) == (
        "C-MAIN", "@payments", 15, "A person will reply.")
    decision = await run(engine, "status please")
    assert (decision.route, decision.acknowledge_within, decision.mention) == ("C-MAIN", 45, None)
    assert (await run(engine, "nothing here")) == Decision()


@pytest.mark.parametrize("text", ["", "   "])
async def test_empty_text_fires_nothing(tmp_path: Path, embedder: LocalEmbedder, text: str) -> None:
    engine = engine_for(
        tmp_path, one_tag("similar_to: {min_similarity: 0.1, examples: [hello]}"), embedder
    )
    assert (await run(engine, text)).tags == []


async def test_accepts_offer_is_a_short_yes_right_after_the_bot_offered_a_person(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, one_tag("accepts_offer: true"))
    now = time.time()
    offered = [Message("1", "c", "customer", "can you recommend a lasagne recipe?", now),
               Message("2", "c", "bot", "I couldn't find an answer. Would you like a person?", now, offers_person=True)]
    for yes in ("yes please", "Sí, por favor", "ja gerne", "oui merci", "ok", "please do"):
        decision = await run(engine, yes, history=offered)
        assert decision.tags == ["t"], yes
    assert decision.reasons[0].detail == 'said "please do" to the offer of a person'
    for other in ("no thanks", "nein danke", "yes but where is my parcel HM-100234?", "how do returns work"):
        assert (await run(engine, other, history=offered)).tags == [], other
    answered = [*offered[:1], Message("2", "c", "bot", "Here is how returns work.", now)]
    assert (await run(engine, "yes please", history=answered)).tags == [], "no offer, no handoff"
    moved_on = [*offered, Message("3", "c", "customer", "where is my invoice?", now),
                Message("4", "c", "bot", "Under Orders.", now)]
    assert (await run(engine, "ok", history=moved_on)).tags == [], "only the message right after the offer"


async def test_a_person_asked_for_in_other_words_but_not_a_reminder(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, one_tag("human_requested: true"))
    for text in (
        "Kann mich wer zurückrufen? Schreiben ist mir zu mühsam.",
        "Est-ce qu'un conseiller peut reprendre ma demande ? C'est trop compliqué à expliquer à une machine.",
        "Rappelez-moi quand vous pouvez svp",  # a call back "when you can", not a reminder
        "vous pouvez me rappeler demain ?",
    ):
        assert (await run(engine, text, language="de" if "wer" in text else "fr")).tags == ["t"], text
    for text, language in (
        ("Can somebody from your team give me a ring this afternoon?", "en"),
        ("Could you pass my complaint on to someone in charge?", "en"),
        ("¿Alguien del equipo me puede escribir al correo para verlo con calma?", "es"),
        ("Pouvez-vous transmettre ma demande à quelqu'un de votre service client ?", "fr"),
        ("Leiten Sie meine Anfrage bitte an einen Mitarbeiter weiter", "de"),
        ("Habt ihr eine Hotline? Also kein Tastenmenü, sondern jemand zum Reden", "de"),
        ("c'est possible de transmettre à un collègue en chair et en os ?", "fr"),
    ):
        assert (await run(engine, text, language=language)).tags == ["t"], text
    assert (await run(engine, "can the courier give me a call before delivery?")).tags == []
    for text in (
        # "rappeler" as "remind": what the customer asks to be reminded of follows
        "Les commandes de Noël me tuent ! Rappelez-moi, je dois expédier les produits frais quels jours ?",
        "Bonjour, vous pouvez me rappeler à quelle date du mois les paliers sont révisés ?",
        # the person as one of two answers, a system named
        "Qui décide pour une réclamation, une vraie personne ou un système automatique ?",
        # asked ahead of time
        "Jusqu'à quelle heure peut-on joindre un conseiller ? Je préfère savoir à l'avance, je n'ai pas de souci pour l'instant.",
    ):
        assert (await run(engine, text, language="fr")).tags == [], text


async def test_only_asking_a_phishing_message_deleted_or_hung_up_on_and_no_bad_surprise(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, one_tag("asks_in_general: true"))
    for text, language in (
        ("me llegó un mail diciendo que me cierran la tienda si no actualizo los datos en un link. No entré ni nada, "
         "es falso verdad?", "es"),
        ("J'ai eu un mail « vérifiez votre compte sous 24h » d'une adresse gmail. Je l'ai supprimé, c'est bien du faux hein ?", "fr"),
        ("Un gars m'a appelé en disant qu'il était de chez vous et voulait mon code, j'ai raccroché direct. "
         "Vous appelez jamais les clients comme ça ?", "fr"),
        ("Wie läuft eine Rückbuchung ab? Ist mir noch nie passiert, will es nur verstehen.", "de"),
        ("Mi tío me dijo que pregunte cuánto tiempo guardan las conversaciones. No quiero que borren nada, solo saber", "es"),
        ("Si alguna vez un vendedor me pide que le pague fuera de la página, ¿me cubre la protección?", "es"),
        ("Si on a trop d'expéditions en retard, la boutique peut être suspendue ? Je veux pas de mauvaise surprise.", "fr"),
    ):
        decision = await run(engine, text, language=language)
        assert decision.tags == ["t"], text
    for text, language in (
        # a real case, said to be a first: still for a person
        ("uns hat der Anwalt eines Käufers geschrieben, mit Frist. Müssen wir antworten? ist uns noch nie passiert", "de"),
        ("Ich habe kein Problem mit dem Paket, aber mein Konto wurde gehackt", "de"),
        ("tengo un problema, por ahora nadie me ha devuelto el dinero del pedido", "es"),
        ("Le colis a dix jours de retard, j'aurais aimé le savoir à l'avance !", "fr"),
        ("Si un jour vous daignez répondre, mon colis est perdu depuis trois semaines.", "fr"),
        ("Wenn mal jemand antworten würde! Mein Paket ist seit zwei Wochen weg.", "de"),
        ("No entré en mi cuenta desde ayer y ya me cobraron dos veces, ¿es fraude?", "es"),  # harm named
        ("J'ai raccroché mais ils ont quand même débité ma carte, c'est une arnaque ?", "fr"),
    ):
        assert (await run(engine, text, language=language)).tags == [], text


async def test_staff_asked_past_the_rule_in_more_words(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, one_tag("staff_request: true"))
    for text, language in (
        ("Weiß, dass geöffnete Lebensmittel nicht zurückgehen, aber geht da eine Ausnahme?", "de"),
        ("Die Frist ist um, aber wäre in meinem Fall eine Ausnahme möglich?", "de"),
        ("Est-il possible de lever la réserve de 10 % sur mon compte ? Je vends depuis 8 mois sans litige", "fr"),
        ("me cobraron cargo por envío tardío por el paro de transportistas, ¿me lo pueden condonar solo esta vez?", "es"),
        ("Quiero que me suban el límite de publicaciones, con 50 productos me quedo corto", "es"),
        ("Können Sie mein Limit von 50 aktiven Inseraten erhöhen, bevor ich die nächste Stufe habe?", "de"),
        ("J'ai clôturé le compte lié à ma carte, pouvez-vous rembourser la friteuse sur mon PayPal à la place ?", "fr"),
        ("Ya me rechazaron la apelación, pero tengo fotos nuevas, ¿se puede revisar una segunda vez?", "es"),
        ("Je sais que c'est pas remboursable une fois ouvert mais vous pouvez pas faire un geste ?", "fr"),
        ("Could the restocking fee be dropped? It's my first return ever", "en"),
        ("Se me pasó el plazo por un día, ¿hay manera de que me lo acepten?", "es"),
        ("¿Me pueden mover el dinero a otra cuenta? La tarjeta ya no existe", "es"),
        ("Est-ce que vous pourriez m'accorder quelques jours de plus pour renvoyer le colis ?", "fr"),
        ("Pourriez-vous retirer l'avertissement sur mon compte ? C'était une erreur du transporteur", "fr"),
        ("Könnt ihr die Verwarnung bitte zurücknehmen? Der Käufer hat gelogen", "de"),
        ("Quisiera pedir que me adelanten el pago de esta semana, tengo que comprar insumos", "es"),
        ("Est-ce possible d'avoir une dérogation pour me faire rembourser un sac entamé ?", "fr"),
    ):
        assert (await run(engine, text, language=language)).tags == ["t"], text
    for text, language in (
        ("Est-il possible de payer en deux fois ?", "fr"),
        ("Gibt es Ausnahmen bei Lebensmitteln?", "de"),
        ("Gibt es eine Ausnahme für Gewürze bei der Rückgabe?", "de"),
        ("mi reclamo fue rechazado, ¿puedo revisar el estado otra vez mañana?", "es"),  # the customer looking again
        ("El pago fue rechazado, ¿lo reviso otra vez?", "es"),
        ("Can the fee be refunded if I cancel within a day?", "en"),  # a question about the rule
        ("Comment lever la restriction sur mon compte moi-même ?", "fr"),
        ("Est-ce qu'il existe des dérogations pour les produits alimentaires ?", "fr"),
    ):
        assert (await run(engine, text, language=language)).tags == [], text


async def test_a_problem_told_in_any_language_but_not_a_how_to_or_a_supposed_case(tmp_path: Path) -> None:
    """`reports_problem`: money late or held, a tool failing, listings hidden, stock stuck for days,
    nobody answering; a question on the same topic, or a case only supposed, is not one."""
    engine = engine_for(tmp_path, one_tag("reports_problem: true"))
    for text, language in (
        ("Our payout from Tuesday still hasn't arrived and the dashboard says sent", "en"),
        ("El pago de esta semana no nos ha llegado y en el panel pone enviado", "es"),
        ("Normalmente cobramos el martes y hoy ya es jueves, ¿qué pasa con el pago?", "es"),
        ("Notre virement est bloqué depuis vendredi, pouvez-vous regarder ?", "fr"),
        ("Die Auszahlung ist seit Mittwoch überfällig, bitte prüfen", "de"),
        ("La comisión de este mes sale al 12 % y debería ser el 9 %", "es"),
        ("Der Export lässt sich seit gestern nicht mehr herunterladen, Fehler 502", "de"),
        ("On nous a masqué 20 annonces du jour au lendemain sans aucun avertissement", "fr"),
        ("Unser Ansprechpartner antwortet seit zwei Wochen nicht mehr", "de"),
        ("Llevamos diez días con 30 relojes parados en el centro de verificación", "es"),
        ("Die Provision ist von 8 auf 11 % gestiegen, ohne dass uns jemand gefragt hat", "de"),
        ("the commission went from 8 to 11 % this month", "en"),
        ("Die Auszahlung vom 3. ist immer noch nicht auf dem Geschäftskonto", "de"),
        ("Le versement de mardi n'est toujours pas là", "fr"),
        ("El pago del lunes todavía no nos ha llegado", "es"),
        ("Der CSV-Import bricht jedes Mal bei der Hälfte ab", "de"),
        ("Nos stocks ne se synchronisent plus avec la caisse", "fr"),
        ("La sincronización del inventario se corta siempre a la mitad", "es"),
        ("Die Auszahlung hätte schon am Freitag kommen sollen", "de"),
        ("La liquidación debería haber llegado ayer y no hay nada", "es"),
        ("Sur la facture de juin, les frais de paiement sont doublés. Merci de corriger.", "fr"),
    ):
        decision = await run(engine, text, language=language)
        assert decision.tags == ["t"], text
        assert decision.reasons[0].condition == "reports_problem" and decision.reasons[0].detail.startswith("tells of a problem: ")
    for text, language in (
        ("How do I change the bank account my payouts go to?", "en"),
        ("¿Cuándo se paga la liquidación semanal?", "es"),
        ("Comment télécharger les factures de commission du trimestre ?", "fr"),
        ("Wie lange dauert eine Auszahlung normalerweise?", "de"),
        ("Si un virement n'est pas arrivé, que dois-je faire ?", "fr"),
        ("What if my payout hasn't arrived by Friday?", "en"),
        ("Falls die Auszahlung fehlt, was muss ich tun?", "de"),
        ("¿Puedo poner descuentos del 10 al 20 % en mis anuncios?", "es"),  # a range asked about, no change told
        ("¿Cuándo se paga la liquidación si todavía no ha pasado la retención?", "es"),
        ("Comment importer mon catalogue depuis un fichier CSV ?", "fr"),
        ("Comment corriger une facture que j'ai envoyée à un client ?", "fr"),
    ):
        assert (await run(engine, text, language=language)).tags == [], text


async def test_a_word_one_rule_looks_for_is_never_read_as_a_typo_of_another_rules_word(tmp_path: Path) -> None:
    """The typo repair knows English words; a foreign word that a rule looks for ("peut", in the
    patterns for a person asked for) is a real word too, not a misspelling of a keyword one letter
    away ("veut")."""
    engine = engine_for(tmp_path, """\
        tags:
          - name: wants
            when:
              keywords: [veut]
          - name: call-back
            when:
              human_requested: true
        """)
    decision = await run(engine, "quelqu'un peut me rappeler", language="en")
    assert decision.tags == ["call-back"], decision.tags
    assert (await run(engine, "il veut un remboursement", language="en")).tags == ["wants"]
