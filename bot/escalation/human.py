"""Recognises a customer asking for a person ("let me talk to a human", "hablar con un agente").

Patterns run on folded, typo-corrected tokens joined by single spaces, so "I wanna spk with
somneone" and "Quiero hablar con una persona" both read plainly. English, French, Spanish, German.
"""

from __future__ import annotations

import re

from bot.escalation.general import FOR_LATER
from bot.escalation.text import Text
from bot.escalation.word_gate import GatedPattern, gated

_ANY = r"(?:\w+ ){0,3}"  # up to three words in between ("speak with one of your human agents")

_EN_VERB = (
    r"(?:talk|talking|talked|speak|speaking|spoke|chat|chatting|contact|contacting|reach|reaching|"
    r"call|calling|connect|connected|connecting|transfer|transferred|escalate|get in touch|"
    r"put me through|communicate|message)"
)
_EN_PERSON = (
    r"(?:person|human|humans|agent|agents|operator|operators|someone|somebody|anyone|anybody|"
    r"representative|representatives|rep|assistant|staff|staffer|employee|manager|supervisor|people|"
    r"being|advisor|adviser|associate|specialist|team member|customer service|customer care|"
    r"customer support|support team|support staff|support agent|service agent|service desk|help desk|"
    r"helpdesk|real one|someone real|somebody real|live chat|someone else|somebody else)"
)
_EN_ADJ = r"(?:real|live|human|actual|proper|physical)"
# A person who does something in general ("... qui lit les signalements", "... peut voir mon numéro de
# carte"): a question about how the marketplace works, not a request for one.
_FR_WHO_DOES = (
    r"(?:qui |peut |pourra |va |peuvent )(?:\w+ )?(?:lit|lire|lisent|voit|voir|verifie|verifier|regarde|"
    r"regarder|controle|controler|examine|examiner|traite|traiter|valide|valider|modere|moderer|decide|decider)"
)

# A call from the courier or the seller is not one from us: "¿el repartidor me puede llamar antes?"
_NOT_THE_COURIER = r"^(?!.* (?:repartidor|repartidora|mensajero|vendedor|vendedora|transportista|conductor) )"

_PATTERNS: tuple[GatedPattern, ...] = tuple(
    gated(p)
    for p in (
        # talk to a person / speak with one of your live agents / contact someone
        rf" {_EN_VERB} (?:to |with |me to |me with |me through to )?{_ANY}{_EN_PERSON} ",
        # I want a live agent / give me a real person / get me a human / I'd like a representative
        rf" (?:want|need|get|give|request|requesting|prefer|demand|require|find|like) (?:me )?(?:a |an |to )?"
        rf"{_EN_ADJ} (?:person|human|agent|operator|being|one|representative|rep|assistant|people) ",
        r" (?:want|need|get|give|request|prefer|demand|like) (?:me )?(?:a |an )?(?:human|person|operator|"
        r"representative|manager|supervisor)(?: please| now| asap)? ",
        # can a member of staff take over / I want someone to take over this chat
        r" (?:staff|staff member|member of staff|member of your team|person|human|agent|someone|somebody|"
        r"team member|colleague|real person|representative) (?:\w+ ){0,2}take (?:over|this|my case) ",
        # not a bot / no more automated answers / stop the bot
        r" (?:not|no more|stop|enough|without|instead of|rather than) (?:with )?(?:the |a |an |this |your )?"
        r"(?:automated|automatic|canned|bot|bots|robot|robots|chatbot|ai|machine) "
        r"(?:answers |replies |responses |messages |please |$)?",
        # is there a human / am I talking to a real person ("are you a bot?" only asks what this
        # is: the bot says, and how to reach a person, bot/brain/courtesy.py)
        r" (?:is there|are there|is this|am i talking to|am i chatting with) (?:a |an |any )?"
        r"(?:real |actual |live )?(?:human|person) ",
        r" (?:contact|reach|call|email) (?:your |the )?support ",
        # someone I can talk to / a person who can help / anyone to speak with
        rf" {_EN_PERSON} (?:i |we )?(?:can|could|to|who can|that can|available to) {_EN_VERB} ",
        r" (?:someone|somebody|a person|a human|an agent|a representative|an operator|a manager) "
        r"(?:could |can |would |might )?(?:call|phone|ring|contact|email) me ",
        # "is anyone there?", "is there anybody real?"
        r" (?:is|are) (?:there )?(?:anyone|anybody|someone|somebody) (?:there|out there|real|actually there) ",
        # a call back: can a customer service representative call me / I'd like a callback
        rf" {_EN_PERSON} (?:please )?(?:call|phone|ring) me ",
        # could a person help me with my order ("can someone help me" alone is how many routine
        # questions start, so not someone or somebody)
        r" (?:can|could|would|will) (?:a |an |one of your |a member of )?(?:real |actual |live )?(?:person|human|"
        r"agent|representative|staff|member of staff|staff member|team member) (?:please |just )?"
        r"(?:help|assist|answer|contact|call) me ",
        r" (?:can|could|would|will) you (?:please )?(?:call|phone|ring) me ",
        r" (?:please|pls|plz) (?:call|phone|ring) me ",
        # a number where somebody picks up
        r" (?:phone |telephone )?(?:number|line) (?:where|that|on which) (?:someone|somebody|a person|a human|"
        r"anyone|anybody|a real person) (?:actually |really )?(?:picks up|answers) ",
        r" (?:request|requesting|want|need|like|arrange|book|get|schedule|have) (?:a |an )?"
        r"(?:call ?back|callback|phone call from (?:you|your team|support|someone)) "
        r"(?!from (?:the |my |a |your )?(?:seller|vendor|shop|maker|courier|driver))",
        r" (?:schedule|book|arrange|set up) (?:a |an )?(?:phone |video |quick )?call with (?:someone|somebody|a person|"
        r"an agent|support|your team|a human|a representative|a member of your team) ",
        # the whole message is just "human" / "agent please" / "representative!"
        r"^ (?:a |an )?(?:live |real |human )?(?:human|agent|operator|representative|rep|person|"
        r"customer service|customer support|manager|supervisor)(?: please| pls| now| asap| thanks)* $",
        # can somebody from your team give me a ring / pass my message on to a person; not the courier
        r"^(?!.* (?:courier|driver|seller|vendor|shop|postman|delivery) )"
        rf".* (?:you|your team|{_EN_PERSON}) (?:\w+ ){{0,3}}give (?:me|us) a (?:ring|call|bell|phone call) ",
        rf" (?:pass|forward|hand|send) (?:this|it|my (?:message|request|case|complaint|question)) (?:on |over )?to "
        rf"(?:a |an |one of your |someone on your |someone in your )?(?:real |actual )?{_EN_PERSON} ",
        # French
        # "pouvez-vous transmettre ma demande à quelqu'un de votre service client ?"
        r" (?:transmettre|transmettez|transferer|transferez|passer|passez|faire suivre)(?: (?:ma|mon|mes|cette|la) "
        r"(?:demande|dossier|message|reclamation|conversation|question))? a (?:quelqu un|un conseiller|une conseillere|"
        r"un humain|une personne|un responsable|votre service|un agent|l equipe|votre equipe|un collegue|une collegue|"
        r"une vraie personne) ",
        # ("pas besoin d'un conseiller" declines one)
        r" (?:parler|discuter|echanger|joindre|contacter|avoir|veux|voudrais|souhaite|(?<!pas )(?<!plus )besoin d|m entretenir) "
        r"(?:a |avec |au |un |une |d un |d une |le |la )*(?:vrai |vraie |conseiller |service )?"
        r"(?:humain|personne|conseiller|conseillere|agent|operateur|operatrice|quelqu un|"
        r"interlocuteur|responsable|service client|collaborateur|collaboratrice)",
        # "pourriez-vous m'indiquer à quel moment on pourrait me contacter ?"
        r" (?:a quel moment|quand|a quelle heure) (?:on|vous|quelqu un) (?:pourrait|pourriez|peut|pouvez|pourra) "
        r"(?:me|nous) (?:contacter|rappeler|appeler|telephoner) ",
        # "une vraie personne svp", not "est-ce une vraie personne qui lit les signalements ?"
        rf" (?:un|une) (?:vrai|vraie|etre) (?:humain|personne|conseiller)(?! {_FR_WHO_DOES})",
        # "est-ce qu'un humain peut me répondre ?": a person doing something for me
        r" (?:quelqu un|un humain|un etre humain|une personne|un vrai humain|une vraie personne|un conseiller|"
        r"une conseillere|un agent) (?:de chez vous |de votre equipe )?(?:peut|pourrait|pourra|pouvez|va) "
        r"(?:\w+ )?(?:me|m) (?:aider|repondre|ecrire|rappeler|appeler|contacter)",
        r" (?:quelqu un|une personne|un humain) (?:de )?(?:vrai|vraie|reel|reelle|humain|en chair) ",
        r" (?:rappelez|appelez|rappeler|appeler) moi ",
        # "est-ce qu'un conseiller peut reprendre ma demande ?", "trop compliqué à expliquer à une machine"
        r" (?:un|une) (?:conseiller|conseillere|humain|agent|vraie personne|personne de (?:l equipe|chez vous)) "
        r"(?:\w+ )?(?:peut|pourrait|pourra) (?:\w+ )?(?:reprendre|prendre en charge|regarder|traiter|voir|s occuper de) "
        r"(?:ma|mon|mes|le|la) (?:demande|dossier|cas|probleme|reclamation|commande) ",
        r" (?:expliquer|raconter) (?:\w+ ){0,2}a (?:une machine|un robot|un bot) ",
        # "qu'un membre de l'équipe regarde mon dossier, sans passer par les réponses automatiques"
        r" qu (?:un membre de (?:l |votre |vos )?equipe|une personne|un conseiller|une conseillere|quelqu un|un humain)"
        r"(?: \w+){0,3} (?:regarde|examine|etudie|traite|reprenne|voie) (?:\w+ )?(?:mon|ma|mes|le|la|notre) "
        r"(?:dossier|cas|demande|compte|probleme|situation) ",
        r" sans passer par (?:les |des |le |la |un |une )?(?:reponses automatiques|reponse automatique|bot|robot|chatbot|"
        r"machine|assistant automatique) ",
        r" (?:pouvez vous|pourriez vous|vous pouvez|merci de|pourrait on|peut on) (?:me )?(?:rappeler|appeler) ",
        r" (?:quelqu un|vous|on) (?:peut|pouvez|pourrait|pourriez) (?:\w+ )?me (?:rappeler|appeler|telephoner) ",
        r" quelqu un (?:qui )?(?:decroche|repond au telephone) ",
        # rather said aloud than typed: "je préfère expliquer de vive voix", "prefiero contarlo por teléfono",
        # "ich erkläre das lieber am Telefon"
        r" (?:prefere|prefererais|aimerais mieux) (?:l |le |vous l |vous le |vous )?(?:expliquer|dire|raconter|"
        r"exposer|regler|discuter)(?: \w+){0,3} (?:de vive voix|au telephone|par telephone) ",
        r" (?:prefiero|preferiria) (?:explicarlo|explicarselo|contarlo|contarselo|hablarlo|explicar|contar)(?: \w+){0,3} "
        r"(?:por telefono|en una llamada|de viva voz) ",
        r" (?:erklare|erzahle|bespreche|klare) (?:\w+ ){0,3}lieber (?:am telefon|telefonisch|personlich) ",
        r" lieber (?:\w+ ){0,2}(?:mundlich|telefonisch|am telefon|personlich) (?:klaren|besprechen|erklaren|erzahlen|regeln) ",
        # "Gibt es eine Telefonnummer, unter der ich jemanden erreiche?"
        r" (?:telefonnummer|nummer|hotline) (?:\w+ ){0,3}(?:jemanden|einen menschen|einen mitarbeiter|eine person) "
        r"(?:erreiche|erreichen|erreicht|sprechen|spreche) ",
        # "pouvez-vous me faire rappeler par quelqu'un du service vendeurs ?"
        r" (?:me |nous )?faire (?:rappeler|appeler|contacter) (?:par|des que) ",
        # "j'aimerais qu'une personne de l'équipe m'accompagne par téléphone"
        r" qu (?:une personne|un conseiller|une conseillere|quelqu un|un humain)(?: \w+){0,4} (?:m|me|nous) "
        r"(?:accompagne|aide|appelle|rappelle|contacte|guide|explique) ",
        # "est-il possible d'être rappelée demain ?", "¿hay algún humano ahí?"
        r" (?:etre|d etre) (?:rappele|rappelee|rappeles|rappelees|recontacte|recontactee) ",
        r" hay (?:algun |un |alguna )?(?:humano|ser humano|persona de verdad|persona real) ",
        # "¿hay alguien ahí o son puras máquinas?", "y a quelqu'un de vrai ?", "Ist da irgendwer Echtes?"
        r" hay alguien (?:ahi|real|de verdad|del otro lado|al otro lado) | (?:il y a|y a t il|y a) quelqu un (?:la|de vrai|en vrai) ",
        # "y a-t-il quelqu'un de vivant ?", "¿hay alguien vivo?", "anyone alive there?"
        r" (?:quelqu un|une personne|un humain) de (?:vivant|reel) | alguien vivo | (?:jemand|ein mensch) lebendig\w* | "
        r"(?:anyone|anybody|someone|a human) alive ",
        r" (?:rappele|rappelee|appele|appelee|contacte|contactee) par (?:quelqu un|un conseiller|une conseillere|"
        r"une personne|un humain|un agent|votre equipe|le service) ",
        r" (?:pas|plus|non) (?:de |d |un |une |avec un |avec une |a un |a une )?(?:bot|robot|chatbot|machine|"
        r"reponses automatiques|reponse automatique) ",
        r" (?:un humain|un etre humain|une personne|quelqu un) (?:\w+ )?(?:lit|lira|voit|regarde) (?:vraiment |reellement )?(?:ces|mes|vos|les) "
        r"messages ",
        # "y a-t-il quelqu'un de l'équipe vendeurs qui pourrait me lire ?", "pourriez-vous me passer un conseiller ?"
        r" quelqu un (?:de (?:l |votre |la |chez )?(?:equipe|service|vous)(?: \w+)? )?qui (?:pourrait|puisse|peut|pourra) (?:me|m) "
        r"(?:lire|aider|repondre|rappeler|appeler|contacter) ",
        # "pourriez-vous me mettre en contact avec un conseiller ?" (not "avec le vendeur")
        r" (?:me|nous) (?:passer|passez|passiez|transferer|transferez|mettre en (?:relation|contact) avec|mettre en ligne avec) "
        r"(?:a )?(?:un|une) (?:vrai |vraie )?(?:conseiller|conseillere|humain|agent|personne|responsable|interlocuteur) ",
        # Spanish
        r" (?:hablar|comunicarme|comunicar|contactar|contactarme|chatear|quiero|necesito|ponerme en contacto|"
        r"derivar|derivarme|derivame|deriveme|deriven|derivenme|"
        r"pasas|pasar|pasame|paseme|pase|pasa|transferir|transfiereme|conectar|conectame|comunicame|comuniqueme|"
        r"comunicas|comunica|comunican) "
        r"(?:con |a |un |una |el |la |alguien |algun |alguno |alguna |de |sus |vuestros |los |las |uno )*(?:humano|persona|agente|agent|asesor|asesora|representante|"
        r"operador|operadora|alguien|encargado|supervisor|empleado|ejecutivo|ejecutiva)",
        # "prefiero que lo revise alguien del equipo"
        r" (?:prefiero|preferiria|quiero|quisiera) que (?:lo |la |me |mi caso )?(?:revise|vea|mire|lea|atienda|revisen) "
        r"(?:alguien|una persona|un humano|un agente|un asesor|una asesora|un ejecutivo) ",
        r" (?:persona|agente|humano|alguien) (?:real|de verdad|de carne y hueso) ",
        # "prefiero explicárselo a alguien que pueda ver las dos cuentas"
        r" (?:prefiero|preferiria|quisiera|quiero) (?:explicarselo|explicarlo|contarselo|contarlo|hablarlo|tratarlo|"
        r"verlo|comentarlo) (?:a|con) (?:alguien|una persona|un humano|un agente|un asesor) ",
        r" (?:no quiero|nada de|basta de) (?:hablar con )?(?:un |el |una |la |mas )?(?:bot|robot|chatbot|maquina|"
        r"respuestas automaticas) ",
        r" quiero que (?:me lea |lea |me atienda |me conteste )?(?:alguien|una persona|un humano) ",
        r" (?:me )?(?:puede|podria|pueden|podrian|podeis|puedes|podrias) atender (?:un |una |el |la )?(?:persona|humano|"
        r"operador|operadora|agente|asesor|asesora|alguien) ",
        r" que me atienda (?:un |una )?(?:persona|humano|operador|operadora|agente|asesor|asesora) ",
        r" (?:llamadme|llamenme|llameme|llamame) ",
        # "¿alguien del equipo me puede escribir al correo?"
        r" alguien (?:del equipo |de atencion al cliente |de soporte |de ustedes |de vosotros )?(?:me )?"
        r"(?:puede|podria|pueden|podrian) (?:escribirme|contactarme|escribir|contactar|mandar un correo) ",
        # "me podéis llamar?", "¿podéis llamarme?", not "¿el repartidor me puede llamar antes?"
        rf"{_NOT_THE_COURIER}.* (?:me (?:pueden|podeis|podrian|puede|podria|podrias|podriais) (?:\w+ )?(?:llamar|telefonear)|"
        r"(?:pueden|podeis|podrian|puede|podria|podrias) (?:\w+ )?llamarme) ",
        r" telefono (?:donde|en el que|que) (?:me )?(?:conteste|atienda|coja) ",
        r" que me llame (?:alguien|una persona|un agente|un asesor|un humano) ",
        # "¿me pueden agendar una llamada con alguien de soporte?"
        rf"{_NOT_THE_COURIER}.* (?:agendar|agendarme|agendenme|programar|programarme|concertar|coordinar|organizar|reservar) (?:\w+ )?"
        r"(?:una |un )?(?:llamada|videollamada|cita telefonica|turno telefonico) ",
        r" (?:una )?llamada (?:con|de) (?:alguien|una persona|un agente|un asesor|una asesora|un humano|soporte|"
        r"atencion al cliente|vuestro equipo|su equipo) ",
        # "preferiría que alguien del equipo me llamara", "¿alguno de vosotros podría llamarla?"
        r" que (?:alguien|una persona|un agente|un asesor|alguno de (?:vosotros|ustedes))(?: \w+){0,3} "
        r"(?:me|nos|la|le|lo) (?:llame|llamara|llamase|llamen|llamaran|telefonee|contacte|contactara|marque|marcara|marquen|marcaran) ",
        r" (?:alguien|alguno de (?:vosotros|ustedes)|alguna de (?:vosotras|ustedes)) (?:\w+ )?(?:puede|podria|podrian|"
        r"pueden|podeis|podriais|pudiera|pudieran|pudiese) (?:\w+ )?(?:llamarme|llamarla|llamarle|llamarlo|llamarnos|marcarme) ",
        # "¿me podrían devolver la llamada mañana?", not the seller's or the courier's
        rf"{_NOT_THE_COURIER}.* (?:devolver|devolverme|devuelvan|devuelvanme|devolvais) la llamada ",
        # German
        r" (?:mit )?(?:einem |einer |jemandem |echten |echter |menschlichen |dem |der )*"
        r"(?:menschen|mensch|mitarbeiter|mitarbeiterin|sachbearbeiter|sachbearbeiterin|person|berater|beraterin|"
        r"kundenberater|kundendienst|agenten|jemandem|support|kollegen|kollegin) (?:\w+ )?(?:sprechen|reden|verbinden|chatten|"
        r"telefonieren|kontaktieren)",
        r" (?:sprechen|reden|verbinden|chatten) (?:\w+ )?mit (?:einem |einer |jemandem |echten )*"
        r"(?:menschen|mensch|mitarbeiter|mitarbeiterin|person|berater|kundenberater|jemandem|agenten)",
        r" (?:echten|echter|echte) (?:menschen|mensch|person|mitarbeiter) ",
        # "wie komm ich an einen Sachbearbeiter ran?"
        r" (?:komm|komme|kommt|kommen) (?:ich|man|wir) (?:\w+ ){0,2}an (?:einen |eine |einem |jemanden )?(?:echten )?"
        r"(?:mitarbeiter|mitarbeiterin|sachbearbeiter|sachbearbeiterin|menschen|mensch|berater|beraterin) ",
        # a call back, not a product recall ("ein Rückruf für Regenverdecke", "Rückrufaktion")
        r" (?:um )?(?:einen )?(?:telefonischen )?ruckruf (?!(?:fur|der|des) (?!mich |uns |heute |morgen |"
        r"den (?:nachmittag|vormittag|abend) |montag |dienstag |mittwoch |donnerstag |freitag |samstag ))"
        r"(?!von (?!einem |einer |jemandem |ihnen |euch |dem |ihrem |eurem ))",
        r" (?:rufen sie|ruft|ruf) mich (?:bitte )?(?:zuruck|an) ",
        r" (?:(?:jemand|ihr|sie|einer|man) (?:\w+ ){0,2}mich|mich (?:\w+ )?(?:jemand|einer|wer)) (?:\w+ ){0,2}"
        r"(?:zuruckrufen|anrufen) ",
        r" ist (?:da|hier) (?:auch )?(?:jemand|irgendwer|irgendjemand|ein mensch|eine person|ein mitarbeiter) ",
        r" (?:telefontermin|termin fur ein telefonat|termin fur einen anruf) ",
        # "Gibt es bei Ihnen einen Ansprechpartner für Verkäufer?"
        r" (?:gibt es|habt ihr|haben sie|brauche|mochte|hatte gern|wunsche mir) (?:\w+ ){0,4}(?:ansprechpartner|ansprechpartnerin|ansprechperson) ",
        r" (?:jemand(?:en)?|wen) (?:echtes|echten|echter|aus fleisch und blut) ",
        # "Habt ihr eine Hotline? Also kein Tastenmenü, sondern jemand zum Reden"
        r" (?:jemand|jemanden|einen menschen|eine person) zum (?:reden|sprechen|telefonieren) ",
        # "Gibt es bei euch jemanden, den ich anrufen kann?", "mit automatischen Antworten komme ich nicht weiter"
        r" (?:jemanden|jemand|einen menschen|eine person|einen mitarbeiter) (?:\w+ )?(?:den|die|der) ich "
        r"(?:anrufen|sprechen|erreichen|fragen) kann ",
        r" (?:mit|bei) (?:den |diesen |euren |ihren )?(?:automatischen antworten|standardantworten|dem bot|dem chatbot) "
        r"(?:\w+ ){0,4}nicht weiter ",
        r" (?:kein|keinen|keine|nicht mit(?: einem| dem)?|nicht (?:den|der)) (?:bot|chatbot|roboter|computer|"
        r"automatische antworten|automatischen antworten|standardantworten) ",
        # "leiten Sie meine Anfrage bitte an einen Mitarbeiter weiter"
        r" (?:an|zu) (?:einen |einer |einem |einen echten |ihren |euren )?(?:mitarbeiter|mitarbeiterin|menschen|"
        r"berater|beraterin|kollegen|kollegin|kundendienst|sachbearbeiter|sachbearbeiterin) (?:\w+ )?weiter(?:leiten|geben)? ",
        # Dutch
        r" (?:spreken|praten|chatten|bellen) (?:met )?(?:een |iemand |echte |echt )*(?:medewerker|mens|persoon|"
        r"iemand|klantenservice)",
        r" (?:een |iemand |echte |echt )*(?:medewerker|mens|persoon|iemand) (?:\w+ )?(?:spreken|praten|chatten) ",
    )
)

# "without talking to anyone", "I don't want to speak to a human", "no need for an agent".
_NEGATION = re.compile(
    r"(?:(?:without|instead of|rather than|rather not|no need to|no need for|not need to|don t want|"
    r"pas la peine de|inutile de|no hace falta|no es necesario|kein bedarf an|"
    r"dont want|do not want|don t need|dont need|do not need|never want|won t|will not|not going to|"
    r"no quiero|ne veux pas|pas besoin de|sin|sans|ohne|no es para|not (?:here )?to|ce n est pas pour|nicht um) (?:to |have to |ever |even |bother )?"
    r"|(?:don t|do not|dont) )$"
)

# "does a real person read reports, or is it automatic?", "tengo que hablar con alguien o lo hago yo?":
# a question about how the service works, with the person one of two answers, not a request for one.
_OR_A_MACHINE = re.compile(
    r"^(?: \w+){0,8} (?:or|o|ou|oder) (?:is it |es |c est |ist (?:das|es) |do |does |un |una |une |ein |eine |a |an )?"
    # "oder ist das komplett automatisch?"
    r"(?:completely |fully |totally |all |todo |totalmente |completamente |entierement |totalement |tout |komplett |"
    r"vollig |ganz )?"
    r"(?:systeme |sistema |system |logiciel |programa |proceso |processus )?"
    r"(?:automatic|automated|automatically|automatico|automatica|automaticamente|automatique|automatiquement|"
    r"automatisch|vollautomatisch|bot|robot|roboter|machine|maquina|maschine|software|program|programa|programme|programm|ai|ia|ki|"
    r"lo hago yo|puedo yo|je le fais moi|je peux le faire|mach ich das selbst|kann ich das selbst|can i do it myself|"
    r"do it myself) "
)

# "rappelez-moi quels jours ...", "vous pouvez me rappeler à quelle date ...": remind me, not call me
# back (not "rappelez-moi quand vous pouvez", "si possible": those are calls).
_REMIND = re.compile(
    r"^ (?:(?:je dois|on doit|nous devons|il faut)(?: \w+){0,6} )?(?:a |au )?(?:quel|quelle|quels|quelles|combien|comment|"
    r"pourquoi|ce qu|ce que|la date|le jour|les jours|le delai|les delais|les horaires|le montant|la procedure|"
    r"les conditions|les etapes|le lien|l adresse|le nom) "
)

# "is there a phone number to talk to someone? for the future, today I need nothing": asked ahead
# of time, not a request for a person now.
_NOT_NOW = gated(
    rf" (?:{FOR_LATER}|not (?:right )?now|hoy no (?:necesito|hace falta)|pas maintenant|"
    r"pas pour (?:l instant|le moment)|nicht jetzt|gerade nicht|"
    # the way to a person, seen and asked about: "j'ai vu qu'on pouvait parler à un conseiller. Jusqu'à quelle heure ?"
    r"(?:j ai vu|j ai lu|i saw|i ve seen|i read|vi que|he visto que|lei que|he leido que|ich habe gesehen|hab gesehen|"
    r"ich habe gelesen|hab gelesen) (?:qu on (?:peut|pouvait)|that (?:you|i|one) can|que se puede|que (?:uno )?puede|"
    r"dass man (?:\w+ )?kann)) "
)

# Words the patterns use: fed to the rules' typo corrector so that "somneone" still counts.
VOCABULARY: tuple[str, ...] = tuple(
    """talk talking speak speaking chat chatting contact contacting reach call connect transfer
    escalate communicate person human humans agent agents operator operators someone somebody anyone
    anybody representative representatives assistant staff employee manager supervisor people advisor
    associate specialist customer service support real live actual want need give request prefer
    parler discuter joindre contacter conseiller conseillere humain personne operateur quelqu
    hablar comunicarme contactar chatear quiero necesito humano persona agente asesor representante
    operador alguien menschen mitarbeiter mitarbeiterin berater kundenberater sprechen reden
    jemandem echten medewerker spreken praten callback ruckruf rappeler rappelez llamarme kollegen
    sachbearbeiter llamarla llamarle llamarlo llamarnos llamara llamase llamaran llamen llame
    llamar llamada agendar schedule telefontermin rappele rappelee recontacte recontactee vivant
    reprendre repondre machine""".split()
)


def human_requested(text: Text) -> str | None:
    """The words with which the customer asks for a person, or None when they don't."""
    line, starts = text.padded_corrected, text.word_starts()
    if _NOT_NOW.search(line, starts):
        return None
    for pattern in _PATTERNS:
        for match in pattern.finditer(line, starts):
            rest = " " + line[match.end():].lstrip()
            if _NEGATION.search(line[: match.start() + 1]) or _OR_A_MACHINE.match(rest) or (
                "rappel" in match.group() and _REMIND.match(rest)
            ):
                continue
            return text.as_typed(match.group().strip())
    return None
