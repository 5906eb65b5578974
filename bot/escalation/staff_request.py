"""Recognises a request only staff can grant: a fee waived, a review removed, an account or shop
transferred, an exception made, a deadline extended, money paid out early or refunded to another
card, a limit raised, a suspension lifted.

The help centre may answer the topic ("what is the missed-delivery fee?"), so the brain would
answer with confidence; the request itself ("can you waive it?") is a decision for a person. Each
pattern names the action together with what it acts on, so "how do I remove a card from my
account" or "what happens when a return window ends" stay with the bot. Patterns run on folded,
typo-corrected tokens joined by single spaces (bot/escalation/text.py). English, French, Spanish,
German.
"""

from __future__ import annotations

import re

from bot.escalation.general import asks_in_general
from bot.escalation.text import Text
from bot.escalation.word_gate import GatedPattern, gated

_FEE = r"(?:fee|fees|charge|charges|penalty|fine|commission)"
_REVIEW_EN = r"(?:review|reviews|rating|ratings|feedback)"
_WHOSE = r"(?:this |that |the |a |an |my |our |his |her |their )?"

# Asked of staff: "could you", "pouvez-vous", "¿me pueden ...?", "könnt ihr".
_ASK = (
    r"(?:could you|can you|would you|will you|pourriez vous|pouvez vous|vous pouvez|vous pourriez|"
    r"pueden|podeis|podrian|podriais|puedes|podrias|konnt ihr|konnen sie|konntet ihr|konnten sie|kannst du|"
    r"konntest du|wurdet ihr|wurden sie|est il possible de|serait il possible de|serait ce possible de)"
)

_PATTERNS: tuple[GatedPattern, ...] = tuple(
    gated(p)
    for p in (
        # a fee waived: "can you waive the missed-delivery fee", "exonérer des frais"
        r" (?:waive|waiving|waived|wave off|let me off) ",
        rf" (?:refund|cancel|drop|remove) {_WHOSE}(?:\w+ ){{0,2}}{_FEE} (?:please |for me |this time )",
        r" (?:exonerer|annuler|rembourser|supprimer) (?:les |ces |le |la |mes |cette |ce )?(?:\w+ )?"
        r"(?:frais|penalite|penalites|commission)",
        r" (?:condonar|condonen|condoneis|perdonar|perdonen|perdoneis|anular|anulen|quitar|quitarme|"
        r"quitadme|devolver|devolverme) (?:la |el |los |las |me |esta |este )?(?:tarifa|comision|cargo|"
        r"penalizacion|multa|recargo)",
        r" (?:condonar|condonarme|condonarnos|condonen|condoneis|condonais|condonan|condonarlo|condonarla) ",
        # "could the restocking fee be dropped?"
        rf" (?:could|can|would) (?:the |this |that |my |your )?(?:\w+ )?{_FEE} be (?:dropped|waived|removed|reversed|"
        r"taken off|written off) ",
        r" (?:gebuhr|strafgebuhr|gebuhren|provision|strafe) (?:\w+ ){0,4}(?:erlassen|streichen|stornieren|"
        r"zuruckerstatten|erstatten|zuruckbuchen)",
        # a review removed: "please take down this fake review", "supprimer un avis injuste"
        rf" (?:remove|delete|take down|take off|get rid of|hide) {_WHOSE}(?:\w+ ){{0,3}}{_REVIEW_EN} ",
        rf" {_REVIEW_EN} (?:\w+ ){{0,3}}(?:removed|deleted|taken down) ",
        r" (?:supprimer|retirer|enlever|effacer) (?:cet |cette |un |une |l |le |la |les |ce |mon |ma )?"
        r"(?:\w+ ){0,2}(?:avis|evaluation|evaluations|commentaire negatif)",
        r" (?:borrar|eliminar|quitar|retirar|borrarme|quitarme|borrad|quitad) (?:esta |esa |la |una |el |un |"
        r"las |mi )?(?:\w+ ){0,2}(?:resena|resenas|valoracion|valoraciones|opinion negativa|calificacion)",
        r" (?:bewertung|bewertungen|rezension|rezensionen) (?:\w+ ){0,16}(?:loschen|entfernen|runternehmen|"
        r"geloscht|entfernt)",
        # an account or shop transferred to someone else
        r" (?:transfer|move|hand over|hand|pass|give|put) (?:my |our |the |this )?(?:seller |buyer |vendor |customer |shop )?"
        r"(?:account|shop|store|business)(?: \w+){0,6} (?:to|into|over to|under|in) (?:my |our |a |the |his |"
        r"her |their |another )?(?:\w+ )?(?:son|daughter|husband|wife|partner|brother|sister|mother|father|"
        r"owner|owners|buyer|company|name|colleague|person|entity|gmbh|ltd)",
        r" (?:account|shop|store|business) (?:\w+ ){0,3}(?:be )?(?:transferred|moved over|handed over) ",
        r" (?:transferer|ceder|passer|mettre) (?:mon |notre |le |ma |la )?(?:compte|boutique)(?: \w+){0,8} "
        r"(?:au nom d|a son nom|a leur nom|a mon|a ma|a notre|a un|a une|au nouveau|a la nouvelle)",
        r" (?:transferir|traspasar|pasar|ceder|poner) (?:mi |la |nuestra |el |nuestro )?(?:cuenta|tienda)"
        r"(?: \w+){0,8} (?:a nombre|al nombre|a mi|al nuevo|a la nueva|a otra|a otro)",
        # "je voudrais que mon compte soit transféré à ma fille", "que mi cuenta pase a nombre de mi hijo"
        r" (?:compte|boutique) (?:\w+ ){0,2}(?:soit |etre )?(?:transfere|transferee|cede|cedee|passe|passee|mis|mise) "
        r"(?:a |au nom d)",
        r" (?:cuenta|tienda) (?:\w+ ){0,2}(?:(?:sea |quede |pase )?(?:transferida|traspasada|cedida)|(?:quede|pase|este) a nombre d)",
        r" (?:konto|shop|account|verkauferkonto|verkauferaccount|kundenkonto|haendlerkonto|handlerkonto) "
        r"(?:\w+ ){0,8}(?:ubertragen|uberschreiben|umschreiben)",
        # an exception, a goodwill gesture
        r" (?:make|making) (?:an |one |a small |a one off )?exception ",
        r" (?:faire|fassiez|faites|fasse) (?:une )?exception ",
        r" (?:un )?geste commercial ",
        r" (?:avoir|obtenir|accorder|faire|m accorder|nous accorder) (?:une |exceptionnellement une )?derogation ",
        r" (?:hacer|hagais|hagan|haceis|hacerme) (?:una )?excepcion ",
        r" (?:eine )?ausnahme (?:machen|gemacht) ",
        # "geht da eine Ausnahme?", "wäre eine Ausnahme möglich?" (not "gibt es eine Ausnahme für ...?": the rule asked about)
        r" (?:geht (?:da |hier |bei mir |in meinem fall )?(?:eine |ne )?ausnahme|(?:ware|ist) (?:da |hier |bei mir |in meinem fall |trotzdem |vielleicht |eventuell )?"
        r"(?:eine |ne )?ausnahme (?:moglich|drin)) ",
        r" (?:faire|fassiez|faites|fasse) (?:un )?(?:petit )?geste ",
        r" (?:goodwill|kulanz) ",
        # "i think some kind of credit or voucher is fair": compensation the customer thinks is owed
        r" (?:some |a |any )?(?:kind of |sort of |little )?(?:credit|voucher|compensation|store credit|discount code) "
        r"(?:is|would be|seems|sounds) (?:only )?(?:fair|reasonable|right|the least)",
        # "just this once", "ausnahmsweise": the customer knows the rule and asks to be let off it
        r" (?:just this once|as a one off|ausnahmsweise|exceptionnellement|excepcionalmente|pour une fois|"
        r"juste cette fois|pour cette fois|cette fois ci|(?:solo |solamente )?por esta vez|solo esta vez|(?:es|seria) posible por una vez|por una vez (?:nada mas|solo)|"
        r"geht das (?:bitte )?(?:einmal|einmalig)|(?:de (?:forma|manera)|a titulo|a titre|by way of) (?:excepcional|exceptionnel|exceptional)|"
        r"as an exception|en via de excepcion) ",
        r" (?:laisser|laissiez|laisses|accepter|acceptiez) (?:\w+ ){0,4}quand meme ",
        # the rule named as known and asked past anyway: "¿me la pueden cubrir igual?", "vous pouvez me
        # les verser quand même ?", "Können Sie die Rücksendung trotzdem annehmen?"
        rf" {_ASK}(?: (?!why|warum|wieso|weshalb|porque|pourquoi)\w+){{0,8}} (?:anyway|regardless|igualmente|de todas formas|de todos modos|aun asi|"
        # "igual" as "anyway", not "uno igual" (the same one) or "igual que" (as)
        r"(?<!uno )(?<!una )(?<!otro )(?<!otra )(?<!algo )igual(?! (?:que|a|al|pero|de|en|y|o|para|con) )|"
        r"quand meme|malgre tout|trotzdem|dennoch) ",
        # a fee waived, a reserve lifted, money released, asked of staff: "könnt ihr mir die
        # Rücksendekosten erlassen?", "könnt ihr die bei mir früher aufheben?"
        # "¿me lo aceptan igual porfa?": a verb of theirs, asked anyway
        r" (?:me|nos) (?:lo|la|los|las) \w+(?:an|ais|eis|en) (?:igual(?! (?:que|a|al|de) )|igualmente|de todas formas|"
        r"de todos modos|aun asi) ",
        # "¿me aceptan la devolución igual?", "¿nos hacéis el cambio de todas formas?"
        r" (?:me|nos) \w+(?:an|ais|eis|en) (?:la |el |los |las )?(?:devolucion|cambio|reembolso|reclamacion|garantia) "
        r"(?:igual(?! (?:que|a|al|de) )|igualmente|de todas formas|de todos modos|aun asi) ",
        rf" {_ASK}(?: \w+){{0,8}} (?:erlassen|aufheben|freigeben|lift|levantar|levantarme|lever|liberar|liberarme|liberer) ",
        # the rule named as known or as the help page says it, then "but could you": "ya sé que no se puede
        # devolver pero me haríais...", "the help page says points can't be transferred, but I was hoping you could"
        r" (?:i know|i realise|i realize|ya se|yo se|se que|je sais|ich weiss|says|dice|pone|indica|dit|indique|steht)(?: \w+){0,6} (?:no se puede|no se admite|"
        r"not allowed|can t be|cannot be|isn t possible|not possible|ne peut pas|n est pas possible|pas possible|"
        r"nicht moglich|nicht erlaubt|geht nicht|plazo|delai|frist|window|deadline|no me corresponde|not entitled|"
        r"pas remboursables?|non remboursables?|no (?:es )?reembolsables?|not refundable|nicht erstattungsfahig)(?: \w+){0,8} (?:but|pero|mais|aber)"
        r"(?: \w+){0,8} (?:could|can|would|podeis|podriais|podrian|pueden|puede|hariais|harian|pourriez|pouvez|"
        r"pourrais|konnt|konntet|konnten|konnen|wurdet|wurden|no hay (?:ninguna|alguna) (?:forma|manera)|"
        r"(?:hay|habria) (?:alguna|ninguna) (?:forma|manera|posibilidad)|(?:is there )?(?:any|no) way|(?:il n y a )?(?:aucun|pas de|un) moyen|"
        r"(?:gibt es )?(?:keine|eine) moglichkeit) ",
        r" (?:me |nos )?(?:hariais|harian|haria|harias) el favor ",
        # "se me pasó el plazo por un día, ¿hay manera de que me lo acepten?"
        r" (?:hay|habria|existe|no hay) (?:alguna |ninguna )?(?:manera|forma|posibilidad|opcion) de que (?:no )?(?:me |nos )?"
        r"(?:lo |la |los |las )?(?:acepten|acepteis|admitan|admitais|reembolsen|reembolseis|cambien|cambieis|cobren|cobreis|"
        r"quiten|quiteis|anulen|anuleis|devuelvan|devolvais|reactiven|reactiveis|amplien|amplieis) ",
        # "¿me dan unos días más?", "could you give me a few more days?", "ein paar Tage länger"
        r" (?:me|nos) (?:dan|dais|das|podeis dar|pueden dar|podrian dar|darian|dariais) (?:unos |un par de |algunos |dos |tres )?"
        r"(?:dias|dia|semana|semanas) (?:mas|extra) | (?:give|grant) (?:me|us) (?:a few|some|a couple of|two|three) (?:more |extra )?"
        r"(?:days|weeks) | (?:ein paar|einige|zwei|drei) tage (?:mehr|langer|aufschub) ",
        # one of two charges cancelled: "¿podríais anularme una?"
        rf" {_ASK} (?:anular|anularme|devolver|devolverme|quitar|quitarme|reembolsar|reembolsarme|refund|cancel|reverse) "
        r"(?:una|uno|el otro|la otra|uno de los dos|una de las dos|one of them|the other one|the second one) ",
        # a refund offered as credit, wanted as money: "me lo quieren dar en crédito de la tienda, pero necesito la plata"
        r" (?:reembolso|devolucion|refund|remboursement|erstattung)(?: \w+){0,8} (?:credito de la tienda|saldo|vale|store credit|"
        r"voucher|credit|avoir|bon d achat|gutschein|guthaben)(?: \w+){0,8} (?:pero|but|mais|aber) (?:yo )?(?:necesito|quiero|prefiero|"
        r"need|want|would prefer|prefer|voudrais|prefere|prefererais|besoin|brauche|mochte|hatte lieber) ",
        # a fee named, then asked to be taken off: "les frais d'annulation ... Serait-il envisageable de les retirer ?"
        r" (?:frais|penalite|penalites|commission)(?: \w+){0,15} (?:envisageable|possible|moyen|pourriez vous|pouvez vous) (?:de )?"
        r"(?:les|la|le|me les|me la|me le) (?:retirer|annuler|rembourser|supprimer|enlever|exonerer) ",
        # "Die 14 Tage sind um, ich weiss. Kann ich die Reklamation trotzdem noch machen?"
        r" (?:ich weiss|je sais|ya se|lo se|i know)(?: \w+){0,12} (?:trotzdem|quand meme|igualmente|aun asi|anyway) ",
        r" (?:m |nous )?accorder (?:un |une |encore |quelques |deux |trois |\d+ )",
        # looked at again after a refusal: "me rechazaron la apelación ... ¿se puede revisar una segunda vez?"
        r" (?:rechaz\w*|deneg\w*|refus\w*|rejet\w*|abgelehnt|rejected|denied|declined)(?: \w+){0,15} "
        r"(?:se puede|se podria|pueden|podeis|podrian|podriais|could you|can you|would you|can it be|could it be|"
        r"pouvez vous|vous pouvez|pourriez vous|peut on|peut elle etre|peut il etre|est il possible de|konnt ihr|konnen sie|"
        r"konnten sie|kann man|kann das|konnte man) (?:\w+ )?(?:revisar\w*|revisen|"
        r"reconsider\w*|reexamin\w*|reevalu\w*|review|reviewed|reviser|prufen|uberprufen|ansehen|anschauen)(?: \w+){0,3} "
        r"(?:una segunda vez|otra vez|de nuevo|nuevamente|a second time|again|une deuxieme fois|une seconde fois|a nouveau|"
        r"de nouveau|noch ?mal|nochmals|noch einmal|erneut) ",
        r" (?:concederme|concedernos|concedan|concedais) ",
        # "Me rechazaron la devolución ... ¿Se podría volver a revisar?", "Die Ablehnung ... noch einmal geprüft werden?"
        r" (?:rechaz\w*|deneg\w*|refus\w*|rejet\w*|abgelehnt|ablehnung|rejected|denied|declined)(?: \w+){0,20} (?:volver a "
        r"(?:revisar|mirar|evaluar|ver)|revisar de nuevo|noch (?:ein)?mal (?:\w+ )?(?:gepruft|prufen|anschauen|angeschaut|ansehen)|"
        r"nochmals (?:\w+ )?(?:gepruft|prufen)|(?:re)?examine\w* a nouveau|look at (?:it|this|that) again|take another look) ",
        # a decision appealed, by the customer: "ich möchte diese Entscheidung anfechten", "quiero apelar la
        # resolución" (not "kann man eine Entscheidung anfechten?": how appeals work)
        r" (?:ich (?:mochte|will|werde)|i (?:want to|d like to|would like to|wish to|will)|we (?:want to|d like to|would like to)|"
        r"quiero|quisiera|queria|voy a|je (?:veux|voudrais|souhaite|vais)|nous (?:voulons|souhaitons)) (?:\w+ ){0,3}"
        r"(?:appeal|apelar|impugnar|recurrir|faire appel|anfechten|einspruch|widerspruch|(?:contest|challenge|contester)(?: \w+){0,2} "
        r"(?:decision|resolution|verdict|ruling|outcome)) ",
        # two accounts merged, or one's balance moved to another: "¿se puede pasar todo a mi cuenta o fusionarlas?"
        r" (?:fusionar|fusionarlas|fusionarlos|unificar|merge|combine|fusionner|zusammenlegen|zusammenfuhren)(?: \w+){0,3} "
        r"(?:cuentas|accounts|comptes|konten) | (?:cuentas|accounts|comptes|konten)(?: \w+){0,14} (?:fusionar|fusionarlas|unificar|unificarlas|"
        r"juntar|juntarlas|unir|unirlas|merged|combined|merge them|fusionner|zusammenlegen|zusammenfuhren) ",
        r" (?:pasar|transferir|traspasar|mover|juntar|unir|reunir|fusionner|transferer|combine|merge|move|transfer|ubertragen|"
        r"zusammenlegen) (?:\w+ ){0,2}(?:puntos|points|punkte) (?:\w+ ){0,5}(?:a la|al|a mi|a otra|a su|en una|sur un|sur une|"
        r"to my|to another|into one|auf mein|auf ein|auf das) ",
        r" (?:juntar|unir|fusionar|unificar|combine|merge|fusionner|reunir|zusammenlegen) (?:mi|nuestra|my|our|mon|notre|mein|unser) "
        r"(?:cuenta|account|compte|konto) (?:con|with|avec|mit) ",
        r" (?:pasar|pasarme|transferir|traspasar|mover) (?:todo|el saldo|los vales|el historial|los puntos|sus puntos|su saldo)"
        r"(?: \w+){0,4} a (?:mi|su|otra|la otra) cuenta ",
        # a return the system refuses, unblocked by staff: "vous pouvez débloquer le retour ?"
        rf" {_ASK} (?:\w+ )?(?:debloquer|desbloquear|desbloquearme|freischalten|entsperren|unblock|unlock) "
        r"(?:le |la |l |el |the |die |den |ce |cette |este |esta |this )?(?:retour|devolucion|return|rucksendung|"
        r"remboursement|reembolso|refund|erstattung) ",
        # a cancellation or refund forced through against the shop
        r" (?:force|forcer|forciez|forzar|forzad|forceis) (?:the |a |la |l |el |le |les |une |un )?(?:cancellation|"
        r"cancelacion|annulation|refund|reembolso|remboursement|devolucion|retour|return) ",
        # a deadline extended
        r" (?:extend|prolong|stretch) (?:the |my |this |our )?(?:return |returns |refund |claim |"
        r"protection |cover |dispute )?(?:window|deadline|period|time limit|cover|claim) ",
        r" (?:prolonger|allonger) (?:le |la |mon |ma )?(?:delai|periode|garantie|reclamation|litige) ",
        r" (?:ampliar|alargar|extender|ampliarme) (?:el |la |mi )?(?:plazo|periodo|garantia|reclamacion) ",
        r" (?:frist|ruckgabefrist|widerrufsfrist) (?:\w+ ){0,3}(?:verlangern|verlangert) ",
        # "vous pouvez me la prolonger ?", "¿me la podéis ampliar?"
        r" (?:me|nous|nos) (?:la|le|les|lo|los|las) (?:prolonger|rallonger|prolongar|prorrogar|ampliar|alargar|extender) ",
        r" (?:prolongar|prorrogar|ampliar|alargar|extender)(?:mela|melo|nosla|noslo) ",
        # "¿me la pueden alargar unos días?", "¿nos lo podéis ampliar?"
        r" (?:me|nos) (?:la|lo|las|los) (?:puede|pueden|podeis|podria|podrian|podriais|podes|puedes|podrias) "
        r"(?:prolongar|prorrogar|ampliar|alargar|extender) ",
        # a part of the money asked back where the rule gives none: "¿me devuelven aunque sea una parte?"
        r" (?:devuelvan|devuelven|devolver|devolverme|reembolsen|reembolsan|reembolsar|reembolsarme|reintegren) (?:\w+ ){0,2}"
        r"(?:aunque sea|al menos|por lo menos) (?:una parte|parte|la mitad|algo) ",
        # money paid out early
        r" (?:release|pay out|send|pay) (?:me )?(?:my |the |our |this week s |this weeks )?(?:payout|funds|money|"
        r"balance|earnings)(?: \w+){0,4} (?:early|earlier|now|today|sooner|before) ",
        r" (?:early|earlier) (?:payout|release) ",
        r" (?:avancer|anticiper) (?:le |mon |notre |ce )?(?:paiement|virement|versement) ",
        r" (?:adelantar|adelantarme|adelantadme|adelanten|adelanteis|adelantaran|adelantarais|anticipar|anticiparme|"
        r"anticipen|anticipeis) (?:el |mi |este |los )?(?:pago|cobro|"
        r"pagos|transferencia) ",
        r" (?:auszahlung|zahlung) (?:\w+ ){0,3}(?:vorziehen|fruher|vorzeitig) ",
        # "könnt ihr mir die Auszahlung diese Woche schon geben?"
        r" auszahlung(?:en)? (?:\w+ ){0,4}(?:schon|vorab|sofort)(?: \w+){0,2} (?:geben|bekommen|auszahlen|freigeben|"
        r"uberweisen|schicken|haben) ",
        # a limit raised
        r" (?:raise|increase|bump) (?:my |our |the |that |this )?(?:\w+ )?(?:limit|cap) ",
        r" (?:raise|increase|bump) (?:that|it|this) (?:to|up to) \d+",
        r" (?:subir|subirme|suban|subais|aumentar|aumentarme|aumenten|aumenteis|ampliar|ampliarme|amplien|elevar) "
        r"(?:el |mi |ese |este )?(?:limite|tope|cupo) ",
        r" (?:augmenter|relever|rehausser) (?:ma |la |mon |le |notre |cette )?(?:limite|plafond) ",
        r" \w*limit (?:\w+ ){0,5}(?:erhohen|erhoht|anheben|hochsetzen|raufsetzen) ",
        # a suspension lifted, an account reinstated
        r" (?:lift|reverse|remove|cancel|undo) (?:the |my |our |this )?(?:suspension|ban|block|restriction|strike) ",
        r" (?:reinstate|reinstated|unsuspend|unban) ",
        # "lever la suspension", "levantar la suspensión" (not "quitar el bloqueo" of a user, nor a shop
        # reactivated after its holiday)
        r" (?:lever|levez|levantar|levanten|levantarme|quitar|quiten|quitarme|retirer|retirez) (?:la |le |ma |mi |el |"
        r"cette |esta )?(?:suspension|desactivacion|desactivation) ",
        # a warning or sanction taken back: "pourriez-vous retirer l'avertissement ?", "Verwarnung zurücknehmen"
        r" (?:lift|reverse|remove|cancel|undo|take back) (?:the |my |our |this |that )?(?:warning|penalty|sanction|flag) ",
        rf" {_ASK}(?: \w+){{0,3}} (?:retirer|supprimer|enlever|annuler|lever) (?:l |cet |cette |le |la |mon |ma |les )?"
        r"(?:avertissement|sanction|penalite|blocage|restriction|strike) ",
        rf" {_ASK}(?: \w+){{0,3}} (?:quitar|quitarme|retirar|retirarme|anular|eliminar|borrar) (?:la |el |esta |este |mi )?"
        r"(?:advertencia|aviso|sancion|strike|bloqueo|restriccion) ",
        r" (?:verwarnung|abmahnung|sperre|sanktion|einschrankung) (?:\w+ ){0,4}(?:aufheben|entfernen|zurucknehmen|zuruckziehen|"
        r"loschen|streichen) ",
        # money refunded to another card or account
        # "el reembolso me lo quieren hacer a la tarjeta que me robaron, ¿se puede hacer a otra tarjeta?"
        r" (?:reembolso|reembolsar|devolucion|refund|remboursement|rembourser|erstattung|ruckerstattung)(?: \w+){0,30} "
        r"(?:se puede|se podria|puede|pueden|podeis|podrian|can you|could you|can it|could it|can that|est il possible|pouvez vous|"
        r"peut on|konnen sie|kann man|geht das)(?: \w+){0,3} (?:a|en|to|onto|sur|auf) (?:otra|otro|another|a different|une autre|"
        r"un autre|eine andere|ein anderes) (?:tarjeta|cuenta|card|account|carte|compte|karte|konto) ",
        r" refund (?:\w+ ){0,3}(?:to|onto|on|into) (?:a |my |another |different |new |other )?(?:different|"
        r"another|new|other) (?:card|account|bank)",
        r" (?:rembourser|remboursement|rembourse) (?:\w+ ){0,3}(?:sur |a |vers )?(?:une autre|un autre|une nouvelle|"
        r"mon nouveau|ma nouvelle) (?:carte|compte)",
        r" (?:reembolso|reembolsar|reembolsarme|devolver el dinero|devolverme el dinero) (?:\w+ ){0,3}"
        r"(?:a |en |por )?(?:otra|otro|una nueva|mi nueva|mi nuevo) (?:tarjeta|cuenta)",
        # "¿me lo pueden depositar en la cuenta de mi pareja?", "sur le compte de ma mère"
        r" (?:depositar|depositen|depositarme|ingresar|ingresen|ingresarme|abonar|abonen|transferir|transfieran|devolver|"
        r"devuelvan|verser|versez|virer|virez|rembourser|remboursez|uberweisen|uberweist|erstatten|erstattet|refund|send|pay) "
        r"(?:\w+ ){0,4}(?:en|a|sur|auf|to|into|onto) (?:la |le |das |the )?(?:cuenta|compte|konto|tarjeta|carte|karte|account|"
        r"card) (?:de|d|von|of) (?:mi|ma|mon|meiner|meinem|meines|my) ",
        # "¿me pueden mover el dinero a otra cuenta?"
        r" (?:mover|moverme|pasar|pasarme|transferir|transferirme|mandar|mandarme|enviar|enviarme)(?: \w+){0,2} "
        r"(?:el dinero|el reembolso|la devolucion|el importe|la plata|el saldo) a (?:otra|otro|una nueva|un nuevo|mi nueva|"
        r"mi nuevo|mi otra|mi otro) (?:cuenta|tarjeta) ",
        r" (?:erstattung|ruckerstattung|erstatten|zuruckzahlen|geld) (?:\w+ ){0,4}(?:auf|an) (?:eine |meine |ein |mein )?"
        r"(?:andere|anderes|neue|neues) (?:karte|konto|kreditkarte)",
        # "pouvez-vous rembourser la friteuse sur mon PayPal à la place ?", "¿me pueden hacer el reembolso a mi Nequi mejor?"
        r" (?:devolver|devolverme|devuelvan|reembolsar|reembolsarme|reembolsen|reembolso|refund|rembourser|remboursez|remboursement|"
        r"erstatten|erstattet|zuruckzahlen|uberweisen)(?: \w+){0,6} (?:sur|a|al|en|auf|to|onto|into) (?:mon |ma |mi |mein |meine |meinen |my |le |la |el |un |une )?"
        r"(?:\w+ )?(?:paypal|compte|carte|cuenta|tarjeta|konto|karte|card|account|iban|bizum|nequi|yape|twint)(?: \w+){0,4} "
        r"(?:a la place|en su lugar|en cambio|mejor|stattdessen|instead|plutot) ",
        # "¿me pueden devolver la plata a mi cuenta del banco en vez de ahí?"
        r" (?:devolver|devolverme|devuelvan|devolvais|reembolsar|reembolsarme|reembolsen|refund|rembourser|remboursez|"
        r"erstatten|erstattet|zuruckzahlen|uberweisen)(?: \w+){0,8} (?:en vez de|en lugar de|instead of|rather than|"
        r"au lieu de|plutot que|statt|anstatt) (?:ahi|alli|there|la bas|dort|(?:(?:a|al|la|el|mi|my|the|to|ma|mon|sur|"
        r"die|der|meine|auf) )*(?:tarjeta|card|carte|karte|paypal|mercado pago|klarna|cuenta|account|compte|konto|"
        r"bizum|oxxo|metodo|method|moyen))",
    )
)

# A review the customer wrote themselves they can delete on their own (other requests still count).
_REVIEW_WORD = re.compile(r"\b(?:review|reviews|rating|feedback|avis|resena|valoracion|bewertung|rezension)")
_OWN_REVIEW = gated(
    r" (?:my own (?:review|rating)|(?:review|rating) i (?:wrote|left|posted|gave)|avis que j ai (?:laisse|ecrit)|"
    r"resena que (?:deje|he dejado|escribi)|bewertung die ich (?:geschrieben|hinterlassen|abgegeben)) "
)

# Words the patterns use: fed to the rules' typo corrector so that "waiv" or "reveiw" still count.
VOCABULARY: tuple[str, ...] = tuple(
    """waive waived waiving review reviews rating feedback remove delete transfer transferred exception
    extend deadline window payout early limit raise increase suspension reinstate reactivate refund
    different another card account commission penalty frais avis supprimer transferer exception
    delai prolonger geste commercial resena valoracion borrar eliminar excepcion plazo ampliar
    adelantar tarjeta bewertung loschen entfernen ubertragen ausnahme frist verlangern auszahlung
    kulanz goodwill limite tope cupo plafond subir aumentar augmenter relever erhohen anheben aufheben
    erlassen freigeben levantar liberar lever prolonger prolongar trotzdem dennoch igual igualmente
    condonar geste stattdessen revisar segunda""".split()  # noqa: SIM905 - a word list reads better as text
)


# Something that ran out (points, credit, a gift card) and a request to have it back: "my
# Inkdrops expired, can you put them back?", "me caducaron los puntos, me los podéis devolver?".
_EXPIRED = gated(
    r" (?:expired|caducaron|han caducado|caducado|caducados|caducadas|caduco|vencieron|"
    r"verfallen|abgelaufen|verfiel|a expire|ont expire|sont expires|perimes) "
)
# Asked of staff ("can you restore them", "me los podéis devolver"), not "can they be restored?".
_GIVE_BACK = gated(
    r" (?:(?:can|could|would) you (?:please )?(?:restore|reactivate|reinstate|re credit|recredit|put (?:them|it) back)|"
    r"please (?:restore|reactivate|reinstate|re credit|recredit)|give (?:them|it|those) back|"
    r"me (?:los|las|lo|la) (?:podeis |podrian |pueden |puedes )?(?:devolver|devolveis|devuelven|reactivar|recuperar|"
    r"activais|activan|activas|reactivais|reactivan|renovais|renuevan|habilitais|habilitan)|"
    r"devolvermelos|devolvermelas|reactivarmelos|recuperarmelos|"
    r"(?:wieder )?gutschreiben|reaktivieren|wiederherstellen|"
    r"me (?:les|la|le) (?:rendre|recrediter|reactiver|remettre)|les (?:recrediter|reactiver)) "
)


# An account or shop the marketplace closed, and a request to have it back: "me cerraron la cuenta hace
# meses ... ¿existe la posibilidad de reactivarla?" (not "quiero reactivar mi tienda tras las vacaciones").
_CLOSED_BY_THEM = gated(
    r" (?:(?:me|nos) (?:cerraron|han cerrado|cerrasteis|habeis cerrado|suspendieron|han suspendido|bloquearon|han bloqueado|"
    r"dieron de baja|desactivaron|han desactivado)|(?:vous avez|on m a|ils ont) (?:ferme|suspendu|bloque|desactive)|"
    r"(?:you|they) (?:closed|suspended|banned|deactivated)|(?:ihr habt|sie haben|wurde) (?:\w+ ){0,3}(?:geschlossen|gesperrt|deaktiviert)) "
)
_REOPEN = gated(
    r" (?:reactivar\w*|reabrir\w*|rehabilitar\w*|reactiver|reouvrir|reopen|reactivate|reaktivieren|wieder (?:freischalten|offnen|aktivieren)|"
    r"entsperren) "
)


def staff_request(text: Text) -> str | None:
    """The words with which the customer asks for something only staff can grant, or None."""
    found = _request_words(text)
    if found is None or asks_in_general(text):  # a question about the rule in general is answered
        return None
    return found


def _request_words(text: Text) -> str | None:
    """The words of a request only staff can grant, whatever else the message says."""
    line, starts = text.padded_corrected, text.word_starts()
    own_review = _OWN_REVIEW.search(line, starts) is not None
    for pattern in _PATTERNS:
        match = pattern.search(line, starts)
        if match is None or (own_review and _REVIEW_WORD.search(match.group())):
            continue
        return text.as_typed(match.group().strip())
    closed, reopen = _CLOSED_BY_THEM.search(line, starts), _REOPEN.search(line, starts)
    if closed and reopen and closed.start() < reopen.start():
        return f"{closed.group().strip()} ... {reopen.group().strip()}"
    expired, given_back = _EXPIRED.search(line, starts), _GIVE_BACK.search(line, starts)
    if expired and given_back and expired.start() < given_back.start():
        return f"{expired.group().strip()} ... {given_back.group().strip()}"
    return None
