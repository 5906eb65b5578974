"""Recognises a message that tells of something wrong now, in the sender's own shop or account: money
late, missing, held or wrongly counted; a tool failing with an error; listings hidden or blocked;
stock or orders stuck for days; a contact who doesn't answer; a change made without notice.

A how-to question on the same topic ("¿cómo cambio la cuenta donde me pagáis?", "when is payout
day?") names no such state and is left alone. Used for high-value vendors, who are promised a person
for any problem (`account-team` in config/rules.yaml): the meaning examples read English best, and
these words carry the same news in Spanish, French and German. Patterns run on folded, typo-corrected
tokens joined by single spaces (bot/escalation/text.py).
"""

from __future__ import annotations

import re

from bot.escalation.text import Text
from bot.escalation.word_gate import GatedPattern, gated

_MONEY = (
    r"(?:payout|payouts|payment|payments|transfer|money|balance|deposit|settlement|pago|pagos|liquidacion|"
    r"dispersion|transferencia|deposito|abono|dinero|saldo|versement|versements|virement|virements|paiement|"
    r"paiements|argent|solde|fonds|auszahlung|auszahlungen|zahlung|zahlungen|uberweisung|geld|guthaben)"
)
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|lunes|martes|miercoles|jueves|viernes|lundi|mardi|mercredi|"
    r"jeudi|vendredi|montag|dienstag|mittwoch|donnerstag|freitag)"
)
_FEW = r"(?:\d+|two|three|four|five|ten|a|one|dos|tres|cuatro|cinco|diez|una|un|deux|trois|quatre|cinq|dix|une|zwei|drei|vier|funf|zehn|einer|einem)"

_PATTERNS: tuple[GatedPattern, ...] = tuple(
    gated(p)
    for p in (
        # money that has not come, or is held: "el pago del martes no me ha llegado", "notre versement
        # est en attente depuis lundi", "Auszahlung ist seit Montag überfällig", "payout still pending"
        rf" {_MONEY} (?:\w+ ){{0,8}}(?:hasn t|has not|didn t|did not|never|still not|not yet) "
        r"(?:arrived|come|landed|come through|been paid|shown up|reached|cleared) ",
        rf" {_MONEY} (?:\w+ ){{0,8}}(?:is |are |was |been )?(?:overdue|still pending|still processing|on hold|withheld|"
        r"frozen|held back|missing) ",
        # a customer claims an order never came, or claims one against the shop: "tengo una clienta que dice
        # que no le llegó el pedido", "a customer says it never arrived", "un client affirme qu'il n'a rien reçu"
        r" (?:un|una|el|la|mi) (?:cliente|clienta|comprador|compradora) (?:\w+ ){0,3}(?:dice|reclama|asegura|afirma|jura|"
        r"insiste) (?:que )?(?:\w+ ){0,4}no (?:le |les )?(?:llego|ha llegado|recibio|ha recibido) ",
        r" (?:un|una|el|la|mi) (?:cliente|clienta|comprador|compradora) (?:me )?reclama (?:un|el|su) (?:pedido|paquete|envio) ",
        r" (?:a|one|my) (?:customer|buyer|client) (?:\w+ ){0,3}(?:says|claims|insists|swears) (?:that )?(?:\w+ ){0,4}"
        r"(?:never (?:arrived|came|got|received)|didn t (?:arrive|come|get|receive)|hasn t (?:arrived|come|received)) ",
        r" (?:un|une|mon|ma) (?:client|cliente|acheteur|acheteuse) (?:\w+ ){0,3}(?:dit|affirme|pretend|assure|jure) "
        r"(?:qu |que )?(?:\w+ ){0,4}(?:n a (?:pas|jamais|rien) (?:recu|ete livre)|(?:pas|jamais) (?:arrive|recu)) ",
        r" (?:ein|eine|mein|meine) (?:kunde|kundin|kaufer|kauferin) (?:\w+ ){0,3}(?:sagt|behauptet|meint|schreibt) "
        r"(?:dass )?(?:\w+ ){0,4}(?:nicht|nie) (?:angekommen|erhalten|bekommen) ",
        rf" {_MONEY} (?:\w+ ){{0,12}}no (?:me |nos )?(?:ha|han) (?:llegado|caido|entrado|aparecido) ",
        rf" {_MONEY} (?:\w+ ){{0,8}}no (?:me |nos )?(?:llego|llegaron|cayo|entro|aparece) ",
        rf" {_MONEY} (?:\w+ ){{0,8}}(?:sigue|siguen|esta|estan) (?:\w+ )?(?:pendiente|pendientes|retenido|retenidos|"
        r"retenida|bloqueado|bloqueada|congelado|congelada|atrasado|atrasada) ",
        rf" {_MONEY} (?:\w+ ){{0,8}}(?:n est|ne sont|n a|n ont) (?:\w+ )?(?:pas|jamais|toujours pas) (?:\w+ )?"
        r"(?:arrive|arrives|parvenu|verse|verses|passe|recu|recus|credite) ",
        rf" {_MONEY} (?:\w+ ){{0,8}}(?:en attente depuis|bloque|bloques|retenu|retenus|gele|geles|en retard) ",
        rf" {_MONEY} (?:\w+ ){{0,8}}(?:ist|sind|wurde|wurden) (?:\w+ ){{0,3}}(?:nicht (?:angekommen|eingegangen|da)|"
        r"uberfallig|ausstehend|einbehalten|eingefroren|gesperrt|verspatet|zuruckgehalten) ",
        rf" {_MONEY} (?:\w+ ){{0,6}}(?:fehlt|fehlen|nur zur halfte|nur die halfte) ",
        # still not there: "die Auszahlung vom 15. ist noch immer nicht auf unserem Konto", "el pago aún no aparece"
        rf" {_MONEY} (?:\w+ ){{0,8}}(?:noch immer nicht|immer noch nicht|toujours pas|sigue sin|siguen sin|still hasn t|"
        r"still isn t|still not|(?:todavia|aun) no (?:me |nos )?(?:ha |han )?(?:llegado|llega|aparece|aparecido|entrado|"
        r"entra|ingresado|recibido|cobrado)) ",
        # should have come by now: "el pago de la quincena debería haber llegado el martes", "hätte am Freitag
        # kommen sollen"
        rf" {_MONEY} (?:\w+ ){{0,8}}(?:deberia haber|tendria que haber|should have|aurait du|hatte (?:\w+ ){{0,3}}"
        r"(?:kommen|ankommen|eingehen) sollen) ",
        # usually by now: "siempre lo tengo el jueves y hoy ya es viernes", "normalement le mardi, on est jeudi"
        r" (?:normalmente|siempre|usualmente|normalement|d habitude|habituellement|normalerweise|sonst|usually|"
        r"normally|always) (?:\w+ ){0,8}(?:y |et |aber |but |und )?(?:hoy|aujourd hui|heute|today|on est|ya es) "
        rf"(?:\w+ ){{0,2}}(?:{_WEEKDAY}|\d+) ",
        # wrongly counted: "la comisión sale al 10 % y debería ser el 8 %", "passée de 8 à 11 %"
        r" (?:commission|comision|provision|fee|fees|frais|tarifa|gebuhr|gebuhren|reserve|reserva) (?:\w+ ){0,8}"
        r"(?:should be|deberia ser|devrait etre|sollte|instead of|en vez de|au lieu de|statt) ",
        # a rate that changed: "ha pasado del 8 al 11 %" (not "¿puedo poner descuentos del 10 al 20 %?"); the
        # tokens carry no "%"
        r" (?:pasado|paso|subido|subio|subieron|went|jumped|increased|rose|changed|passee|passe|augmente|gestiegen|erhoht|"
        r"angehoben|gesprungen) (?:\w+ ){0,2}(?:del|de|von|from) \d+ (?:al|a|auf|to) \d+ ",
        r" (?:von|vom) \d+ auf \d+ (?:\w+ ){0,2}(?:gestiegen|erhoht|angehoben|gesprungen|hochgesetzt) ",
        # asked to be put right: "des frais ... Merci de corriger", "bitte korrigieren"
        r" (?:commission|comision|comisiones|provision|fee|fees|frais|tarifa|tarifas|gebuhr|gebuhren|facture|factura|rechnung) "
        r"(?:\w+ ){0,40}(?:merci de (?:corriger|rectifier)|veuillez (?:corriger|rectifier)|bitte (?:korrigieren|berichtigen)|"
        r"(?:por favor )?(?:corrijan|corregidlo|corrijanlo|rectifiquen)|please (?:correct|fix) (?:it|this|that)) ",
        r" (?:falsch berechnet|falsch abgerechnet|mal calculad\w*|mal cobrad\w*|mal calcule\w*|wrongly (?:calculated|charged)|"
        r"miscalculated|overcharged|zu viel abgezogen|cobrado de mas|cobraron de mas|facture en trop|preleve en trop) ",
        # a tool failing: "Fehler 500", "no me deja subir", "lässt sich nicht runterladen", "keeps failing",
        # "nos commandes ne se synchronisent plus"
        r" (?:error|fehler|erreur) \d{3} ",
        r" (?:lasst|lassen) sich (?:\w+ ){0,3}nicht ",
        r" (?:funktioniert|funktionieren|geht|gehen|klappt|laden|ladt) (?:(?:\w+ ){0,2}seit|(?:\w+ ){0,8}nicht mehr) ",
        r" (?:ya no|no) (?:me |nos )?(?:deja|dejan|funciona|funcionan|carga|cargan|guarda|guardan) ",
        r" (?:ne|n) (?:\w+ )?(?:fonctionne|fonctionnent|marche|marchent|charge|chargent|synchronise|synchronisent|"
        r"importe|importent|s affiche|s affichent) (?:plus|pas) ",
        # a job that breaks off or hangs: "der Import bricht bei 40 % ab", "la sincronización se cuelga"
        r" (?:bricht|brechen|sturzt|sturzen|hangt sich|hangen sich) (?:\w+ ){0,6}(?:ab|auf) ",
        r" (?:synchronisiert|synchronisieren|importiert|importieren|sincroniza|sincronizan|importa|importan) "
        r"(?:\w+ ){0,2}(?:nicht mehr|no|ya no) ",
        r" (?:se (?:cuelga|cuelgan|corta|cortan|para|paran) (?:siempre|cada vez|a la mitad|al \d+)|"
        r"s interrompt|s arrete (?:toujours|a chaque fois|a \d+)|plante (?:toujours|a chaque fois)) ",
        r" (?:stopped working|keeps failing|keeps crashing|won t load|won t save|isn t working|aren t working) ",
        # hidden, blocked, stuck without notice: "nos han ocultado 30 fichas", "ohne Vorwarnung aktiviert"
        r" (?:nos|me|les|le) (?:han|ha) (?:ocultado|suspendido|desactivado|bloqueado|retenido|cancelado|eliminado|"
        r"borrado|quitado) ",
        # charged above one's rate, paid less than the statement: "me están cobrando una comisión del 15% cuando mi
        # tarifa es del 9%", "mon dépôt est de 900 $ de moins que ce qu'indique le relevé"
        r" (?:cobrando|cobran|cobrado|charging|charged|facture\w*|preleve\w*|berechnet|berechnen)(?: \w+){1,8} (?:cuando|aunque|when|while|"
        r"but|alors que|tandis que|obwohl|aber) (?:mi|nuestra|my|our|mon|notre|ma|mein|meine|unser|unsere) (?:tarifa|comision|rate|fee|"
        r"commission|taux|tarif|satz|gebuhr|provision) ",
        r" (?:de moins que|menos de lo que|menos que lo que|less than (?:what|the statement|it should|expected|the report)|"
        r"weniger als (?:angezeigt|erwartet|in der|auf der|im)) ",
        # listings hidden: "our swimwear listings have been hidden", "unsere Angebote wurden ausgeblendet"
        r" (?:listings|products|items|anuncios|publicaciones|annonces|fiches|artikel|angebote)(?: \w+){0,2} (?:have been|has been|were|got|"
        r"wurden|sind|han sido|fueron|ont ete) (?:\w+ )?(?:hidden|removed|delisted|suppressed|blocked|taken down|ausgeblendet|entfernt|"
        r"gesperrt|deaktiviert|ocultad\w*|eliminad\w*|bloquead\w*|masquee?s|supprimee?s|bloquee?s) ",
        # listings taken down: "me bajaron todos los productos de una", "they pulled all my listings"
        r" (?:me|nos) (?:bajaron|han bajado|quitaron|sacaron|dieron de baja|pausaron|despublicaron) (?:todos |todas )?(?:los |las |mis )?"
        r"(?:productos|publicaciones|anuncios|articulos|fichas) | (?:pulled|took down|delisted|removed) (?:all |most )?(?:of )?(?:my|our) "
        r"(?:listings|products|items) ",
        r" (?:sin (?:previo )?aviso|sin ninguna comunicacion|sans (?:aucun )?(?:preavis|avertissement|prevenir)|"
        r"ohne (?:\w+ )?(?:vorwarnung|vorwarn mail|ankundigung|vorankundigung)|without (?:any )?(?:warning|notice)|"
        r"de un dia para otro|du jour au lendemain|plotzlich|de repente|soudainement|out of nowhere|"
        r"sin (?:ninguna )?explicacion|sans (?:aucune )?explication|ohne (?:jede |eine )?(?:erklarung|begrundung)|"
        r"without (?:any |an )?explanation) ",
        # money held, said as a noun: "Retención del 100 % de los pagos desde el día 3"
        rf" (?:retencion|bloqueo|congelacion|blocage|gel|retenue|sperre|sperrung|einbehaltung) (?:\w+ ){{0,5}}{_MONEY} ",
        # waiting for days: "liegen seit 10 Tagen im Prüfzentrum", "en el hub desde hace 9 días"
        rf" (?:desde hace|hace ya|llevan|llevamos|lleva|llevo) {_FEW} (?:\w+ )?(?:dias|semanas) ",
        rf" (?:liegt|liegen|hangt|hangen|steckt|stecken|warten|wartet) (?:\w+ )?seit {_FEW} (?:\w+ )?(?:tagen|wochen|woche) ",
        rf" (?:bloque|bloques|bloquee|bloquees|coince|coinces|coincee|coincees|en attente|immobilise|immobilises) "
        rf"(?:\w+ ){{0,4}}depuis (?:{_FEW} (?:jours|semaines|semaine)|{_WEEKDAY}) ",
        rf" (?:stuck|held|sitting|waiting) (?:\w+ ){{0,4}}(?:for {_FEW} (?:days|weeks)|since {_WEEKDAY}) ",
        # nobody answers: "unser Account Manager antwortet seit einer Woche nicht", "no contesta desde hace"
        r" (?:antwortet|antworten|meldet sich|melden sich|reagiert|reagieren) (?:\w+ ){0,5}nicht ",
        r" (?:no (?:me |nos )?(?:contesta|contestan|responde|responden)|lleva (?:\w+ ){0,3}sin (?:contestar|responder)|"
        r"ne (?:me |nous )?repond (?:plus|pas)|ne (?:me |nous )?repondent (?:plus|pas)|hasn t (?:answered|replied)|"
        r"not (?:answering|replying)) ",
        # orders counted twice: "Bestellungen kommen doppelt rein", "commandes en double"
        r" (?:bestellungen|bestellung|orders|pedidos|commandes) (?:\w+ ){0,4}(?:doppelt|en double|duplicad\w*|twice) ",
    )
)


# A case only supposed just before the words: "si un virement n'est pas arrivé, que dois-je faire ?",
# "what if my payout hasn't arrived?" (not "no sé si ...", which doubts something that happened).
_SUPPOSED = re.compile(
    r"(?:(?<!no se )(?<!sais pas )(?<!ne sais )\bsi|\bif|\bwenn|\bfalls|en caso de(?: que)?|au cas ou|im fall) (?:\w+ ){0,4}$"
)


def reports_problem(text: Text) -> str | None:
    """The words with which the message tells of something wrong now, or None."""
    line, starts = text.padded_corrected, text.word_starts()
    for pattern in _PATTERNS:
        for match in pattern.finditer(line, starts):
            if _SUPPOSED.search(line, max(match.start() - 40, 0), match.start() + 1) is None:
                return text.as_typed(match.group().strip())
    return None
