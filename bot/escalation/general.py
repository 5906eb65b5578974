"""Recognises a customer saying they only ask in general: "just curious", "nothing has happened",
"solo quiero saber", "juste pour savoir", "nur allgemein gefragt", or ahead of time: "before it
happens", "antes de que me pase", "bevor es passiert", "avant que ça m'arrive"; or asks whether
something heard is true: "mi cuñado dice que ..., ¿es verdad?".

Such a message asks how something works (chargebacks, disputes, reports, appeals) and names the
topic a handoff tag is about, so a meaning alone would read it as that tag. The customer has said
there is nothing for a person to do. English, French, Spanish, German; patterns run on folded,
typo-corrected tokens joined by single spaces (bot/escalation/text.py).
"""

from __future__ import annotations

import re

from bot.brain.courtesy import THANKS_TO_THE_TEAM
from bot.escalation.text import Text
from bot.escalation.word_gate import gated

# Asked for later, not now: also what makes a request for a person not one (bot/escalation/human.py).
FOR_LATER = (
    r"for (?:next time|the future|later)|for future reference|para (?:el futuro|otra vez|la proxima vez)|"
    r"pour (?:la prochaine fois|plus tard|l avenir)|fur (?:die zukunft|spater)|furs nachste mal|"
    r"por si (?:\w+ )?lo necesito|au cas ou j en aurais besoin|falls ich (?:es|das) (?:mal )?brauche|in case i need it|"
    # "je préfère savoir à l'avance, je n'ai pas de souci pour l'instant"
    # (not "j'aurais aimé le savoir à l'avance": a complaint)
    r"(?:je prefere|pour) (?:le )?savoir a l avance|(?:prefiero|para) saberlo (?:con antelacion|de antemano)|"
    r"(?:je n ai )?(?:pas de|aucun) (?:souci|probleme) pour (?:l instant|le moment)|"
    r"(?:no tengo (?:ningun )?|ningun )problema (?:por ahora|de momento)"
)

_IN_GENERAL = gated(
    r" (?:just (?:wondering|curious|asking|checking|want to (?:know|understand))|only asking|asking generally|"
    r"(?:asking|question|work|works|happen|happens) in general|generally speaking|out of curiosity|"
    r"asking for a friend|asking hypothetically|hypothetically|hipoteticamente|hypothetiquement|hypothetisch|"
    r"nothing (?:has |s )?happened|"
    r"juste pour savoir|simple question|par curiosite|je me renseigne|"
    r"solo (?:quiero saber|pregunto|por saber(?:lo)?|saber(?:lo)?(?= $)|por curiosidad|es una pregunta)|por curiosidad|pregunta general|(?:como|que tal) (?:va|funciona) (?:eso |esto )?en general|"
    r"no me ha (?:pasado|ocurrido)|solo preguntamos|"
    # not yet happened: "todavía no me pasó", "ça ne m'est jamais arrivé, mais", "ich hatte noch keinen Fall"
    r"(?:todavia|aun) no me (?:ha )?(?:pasado|paso|ocurrido|ocurrio)|no me (?:ha )?(?:pasado|paso) (?:todavia|aun|nunca)|"
    r"(?:ca|cela) ne m est (?:encore |jamais |pas encore )+arrivee? mais|(?:ca|cela) ne m est pas encore arrivee?|"
    r"(?:i )?(?:hasn t|has not|haven t|have not) happened (?:to me |to us )?yet|"
    r"(?:ich )?hatte (?:noch )?(?:keinen|nie einen) (?:fall|streitfall|solchen fall)|(?:wollen|mochten) vorbereitet sein|"
    # no bad surprise wanted: "je veux pas de mauvaise surprise", "para no llevarme sorpresas"
    r"(?:je )?(?:ne )?veux pas (?:avoir )?de mauvaises? surprises?|pour eviter (?:les |toute )?mauvaises? surprises?|"
    r"para no (?:llevarme|tener) (?:ninguna |una )?(?:sorpresa|sorpresas)|(?:um )?keine (?:bose )?uberraschung\w* zu erleben|"
    r"(?:we |i )?(?:want|would like) to be prepared|(?:queremos|quiero) estar preparad\w*|pour etre prets?|"
    r"(?:pregunto|lo pregunto) por precaucion|"
    r"theoretical question|question theorique|pregunta teorica|theoretisch gefragt|theoretische frage|"
    r"c est (?:purement )?theorique|es (?:solo )?teorico|(?:it s|it is) (?:purely )?theoretical|ist (?:nur )?theoretisch|"
    r"question generale|question d ordre general|rien en cours|nada en curso|nothing ongoing|nichts (?:laufendes|akutes)|"
    r"(?:just a |only a )?general question|(?:nur )?(?:eine )?allgemeine frage|nothing pending|nada pendiente|rien en attente|"
    r"pas de (?:reclamation|litige|dossier|cas|probleme) en cours|ningun (?:caso|reclamo|reclamacion|problema) (?:abierto|en curso)|"
    r"kein (?:fall|streitfall) (?:offen|laufend)|no (?:claim|dispute|case) (?:open|ongoing)|"
    r"je (?:veux|voulais) (?:juste|seulement) comprendre|juste pour comprendre|je ne compte rien faire|"
    r"solo quiero entender(?:lo)?|ich (?:will|mochte) (?:nur|bloss) verstehen|(?:will|mochte) (?:es|das) (?:nur|bloss) verstehen|"
    # not a complaint: "je ne fais pas de réclamation", "no quiero poner ninguna reclamación"
    r"je ne fais pas (?:de|une) reclamation|(?:ni|no) (?:quiero )?(?:poner|hacer|pongo|hago) (?:ninguna|una) (?:reclamacion|queja)|"
    r"keine (?:beschwerde|reklamation)|"
    r"(?:asking|ask) just in case|(?:je )?(?:demande|pose la question) par precaution|frage (?:nur )?vorsichtshalber|"
    r"es (?:para|por) saber(?:lo)?|"
    # a bystander, not a victim: "¿cómo denuncio un anuncio? no compré nada, solo lo vi", "je l'ai juste vue en passant"
    r"solo (?:lo|la) vi|(?:lo|la) vi nada mas|je l ai (?:juste|seulement) vue?|(?:juste )?vue? en passant|no es sobre mi|"
    # "pregunto en general, mis pedidos han llegado todos bien"
    # (not "dos llegaron bien, la tercera rota": some parts only)
    r"(?:lo )?pregunto en general|(?:han llegado|llegaron) (?:todos|todas) bien|(?:todos|todas|mis pedidos) (?:han llegado|llegaron) bien|"
    r"(?:habe? )?(?:es|das|sie|ihn) nur gesehen|i (?:just|only) saw it|"
    r"nur (?:allgemein|interessehalber|aus neugier|neugierig)|frag(?:e)? nur (?:allgemein|interessehalber|mal)|"
    r"rein interessehalber|allgemein gefragt|aus neugier|reine neugier|"
    # no person wanted, only the information: "brauche keinen Mitarbeiter, sagen Sie mir nur ..."
    r"(?:ich )?brauche? keinen (?:mitarbeiter|menschen|berater)|kein mitarbeiter notig|"
    r"no (?:necesito|hace falta|quiero) (?:hablar con )?(?:nadie|una persona|un agente|un asesor)|"
    r"no (?:necesito|hace falta) que me llamen|(?:esto )?no es para hablar con (?:nadie|una persona|un agente)|"
    r"(?:pas besoin|pas la peine|inutile) (?:de |d )(?:me )?(?:passer |transferer |parler )?(?:a )?"
    r"(?:quelqu un|un conseiller|une conseillere|une personne)|"
    r"no need (?:for|to talk to|to pass me to|to transfer me to) (?:a person|anyone|an agent|a human)|"
    # "curiosidad nomás", "pura curiosidad", "simple curiosité", "purely out of interest"
    r"(?:curiosidad (?:nomas|nada mas|solamente|solo)|pura curiosidad|simple curiosite|pure curiosite|"
    r"purely out of (?:interest|curiosity))|"
    # Asking ahead, before anything has happened.
    r"before (?:it|this|that) (?:ever )?happens|in case (?:it|this|that) ever happens|"
    rf"{FOR_LATER}|fur das nachste mal|hoy no (?:necesito|hace falta) nada|"
    r"antes de que (?:me )?(?:pase|ocurra)|por si (?:algun dia|alguna vez) (?:me )?(?:pasa|ocurre)|"
    r"si (?:algun dia|alguna vez) (?:lo |la )?(?:necesito|necesitara|necesitase)|if i ever need(?:ed)? (?:it|to)|"
    r"si un jour j en ai besoin|falls ich (?:es|das) (?:mal|jemals|irgendwann) brauche|"
    r"bevor (?:es|das) (?:mir )?(?:passiert|vorkommt)|falls (?:es|das) (?:mal|einmal|irgendwann) (?:passiert|vorkommt)|"
    r"avant que (?:ca|cela) (?:ne )?m arrive|si jamais (?:ca|cela) m arrive) "
)


# A case supposed, said first: "Angenommen, ein Verkäufer beleidigt mich ...", "supongamos que ...",
# "si alguna vez ...".
# Only at the start: "nicht angenommen" is a parcel refused, "I suppose you lost it" a complaint.
_SUPPOSE = gated(
    r"^ (?:angenommen|suppose|supposing|let s say|supposons|imaginons|supongamos|pongamos que|imaginemos|"
    # "In general, can refunds go to ...?", "D'une manière générale, un remboursement peut-il ...?" (not "En general
    # estoy contento, pero ...")
    r"(?:in general|en general|generalement|d une maniere generale|de maniere generale|im allgemeinen|ganz allgemein) "
    r"(?:can|could|is|are|do|does|how|what|puede|pueden|se puede|se pueden|como|que|cuanto|un|une|peut|peuvent|est ce|"
    r"comment|kann|konnen|wie|was)|"
    # "if ever": "Si alguna vez un vendedor me pide ...", "falls mal ..." (not "si un jour vous daignez
    # répondre", "wenn mal jemand antworten würde": complaints)
    r"si alguna vez|falls (?:mal|jemals)) "
)

# Whether a person or a machine does something, or a person or the customer themselves: "los
# reportes los lee una persona o un bot?", "tengo que hablar con alguien o lo hago yo desde la web?"
# (not "me llegó roto, ¿lo reclamáis vosotros o lo hago yo?": the service named, not a person).
_PERSON_OR_MACHINE = gated(
    r" (?:una persona|a person|a human|a real person|une personne|une vraie personne|un humain|ein mensch|"
    r"eine person|ein mitarbeiter|alguien|someone|quelqu un|jemand|jemandem)(?: \w+){0,2} (?:o|or|ou|oder) "
    r"(?:un |una |a |an |ein |eine |es |c est |is it |ist es |ist das )?(?:systeme |sistema |system |logiciel |programa |proceso |processus )?"
    r"(?:todo |totalmente |all |fully |tout |alles |"
    r"completamente |entierement |vollig )?(?:robot|roboter|bot|maquina|machine|maschine|"
    r"programa|program|programme|ia|ai|ki|automatico|automatica|automatic|automated|automatique|automatisch|"
    r"lo hago yo|puedo hacerlo yo|do it myself|can i do it myself|je le fais moi|je peux le faire|"
    r"mach ich das selbst|kann ich das selbst) "
)

# Whether it is people who handle something: "Ce sont des personnes qui traitent ça ?", "are they
# real people who read reports?", "¿lo revisa una persona de verdad?", "liest das ein Mensch?".
_PEOPLE_HANDLE = gated(
    r" (?:(?:ce sont|c est|est ce que ce sont|sont ce) (?:des |une |un )?(?:vraies |vrais )?(?:personnes|personne|humains|humain|gens) qui|"
    r"(?:is it|are they|are those|is that|are there) (?:a |an )?(?:real |actual )?(?:person|people|human|humans) (?:who|that)|"
    r"(?:es|son) (?:una |unas )?(?:persona|personas|gente|humanos) (?:real |reales |de verdad )?(?:la que|las que|quien|quienes|que)|"
    r"(?:lo|la|los|las) (?:revisa|revisan|lee|leen|mira|miran|ve|ven) (?:una persona|alguien|personas|gente|un humano|humanos)|"
    r"(?:ist|sind) (?:das|es|da) (?:echte )?(?:menschen|ein mensch|eine person) (?:die|der)|"
    r"(?:liest|lesen|pruft|prufen|bearbeitet|bearbeiten|schaut|schauen) (?:das|die|sowas|meldungen|das dann) "
    r"(?:\w+ )?(?:ein mensch|menschen|echte menschen|eine person)) "
)

# A suspicious message left alone, and the question whether it was really the marketplace: "got a
# text about customs fees, didn't click. is it real?". Both must be said: "I didn't click anything
# and still my account was taken over" reports an incident. "Opened" counts only with a link: it is
# also said of a parcel or a product ("la caja sin abrir, ¿es falsa?" reports a counterfeit).
_NOT_CLICKED = gated(
    r" (?:(?:didn t|did not|haven t|have not|never) (?:click|clicked|tap|tapped)|not clicked|"
    r"(?:didn t|did not|haven t|have not|never) (?:open|opened) (?:the |that |this |any )?(?:link|links|attachment)|"
    r"no (?:he |hice )?(?:pinchado|pinche|clicado|clique|hecho clic|hice clic)|sin pinchar|"
    r"no (?:abri|he abierto) (?:el |ese |ningun )?(?:enlace|link|adjunto)|no entre(?: (?:al|en el|a ese) (?:link|enlace))?(?: ni nada)?|"
    # deleted or hung up on: "je l'ai supprimé", "j'ai raccroché direct", "le colgué"
    r"je l ai (?:supprime|efface|jete)e?|(?:lo|la) (?:borre|he borrado|elimine)|(?:ich )?(?:habe|hab) (?:sie|es|die mail|die nachricht) geloscht|"
    r"i deleted it|j ai raccroche|(?:le |les )?colgue|he colgado|(?:ich )?(?:habe|hab) (?:sofort )?aufgelegt|i hung up|"
    r"nicht (?:drauf|darauf|an)?geklickt|nichts (?:angeklickt|geklickt)|"
    r"(?:rien|pas) clique|clique sur rien|"
    # an impostor ignored or blocked: "je l'ai bloqué sans répondre", "no le respondí"
    r"sans (?:lui |leur )?repondre|je n ai (?:pas|rien) repondu|sin (?:contestar|responder)(?:le|les)?|"
    r"no (?:le |les )?(?:he )?(?:respondi|contestado|conteste|respondido)|nicht (?:darauf )?geantwortet|"
    r"(?:didn t|did not|never|haven t) (?:reply|respond|answer)|without (?:replying|answering)|"
    # blocked or refused: "le he bloqueado", "j'ai refusé bien sûr", "er soll bloß nicht klicken"
    r"(?:le|lo|la) he bloqueado|(?:lo|la|le) bloquee|je l ai bloquee?|(?:ich )?(?:habe|hab) (?:ihn|sie|die nummer) blockiert|"
    r"i blocked (?:him|her|them|it|the number)|j ai refuse|me negue|(?:ich )?(?:habe|hab) (?:das )?abgelehnt|i refused|"
    r"(?:soll|sollte) (?:bloss |ja |lieber )?nicht (?:drauf)?klicken) "
)
_IS_IT_GENUINE = gated(
    r" (?:is (?:it|this|that) (?:real|genuine|legit|legitimate|you|from you)|was (?:it|that) you|"
    r"es (?:real|vuestro|vuestra|de verdad|legitimo|legitima|fraude|falso|falsa|estafa)|son ustedes|sois vosotros|"
    r"(?:ist|war) (?:das|die|der|es) (?:echt|von euch|von ihnen|fake|betrug)|kommt (?:die|das|der) von euch|"
    r"c est (?:bien )?(?:vous|vrai|une arnaque|un faux|du phishing|du hameconnage)|vous envoyez (?:ce genre|ca|des)|"
    r"is (?:it|this|that) (?:phishing|a scam|fake)|es (?:phishing|una estafa)|ist das (?:phishing|eine masche)|"
    # whether the marketplace writes that way at all: "vous contactez les gens par les réseaux sociaux ?"
    r"c est (?:bien )?du (?:faux|fake)|vous (?:appelez|telephonez) (?:jamais |parfois |vraiment )?(?:les |vos )?clients|"
    r"(?:ustedes )?(?:llaman|llamais) (?:a los clientes|por telefono)|ruft ihr (?:kunden|leute) an|do you (?:ever )?call (?:customers|people)|"
    r"vous contacte[zr]|contactez vous|(?:ustedes )?contactan (?:a la gente|por)|contactais|do you (?:ever )?(?:contact|message|dm)|"
    r"kontaktiert ihr|schreibt ihr (?:leute|kunden)|schreiben sie (?:kunden|leute)|escriben (?:ustedes )?por whatsapp|"
    # whether they did right, or whether it is allowed: "¿hice bien?", "c'est interdit chez vous, non ?"
    r"(?:hice|he hecho) bien|did i do (?:the )?right(?: thing)?|j ai bien fait|war das richtig|"
    r"c est interdit|(?:is|isn t) (?:that|it) (?:allowed|forbidden)|esta prohibido|(?:no )?esta permitido|ist das (?:erlaubt|verboten)|"
    # whether the marketplace ever asks for that: "ustedes nunca piden la contraseña por mail, ¿verdad?"
    r"(?:ustedes|vosotros) (?:nunca|no|jamas) (?:piden|pedis|solicitan|solicitais)|(?:you )?never ask (?:for|me for|customers for)|"
    r"do you (?:ever )?ask (?:for|customers for)|vous ne demandez jamais|(?:ihr|sie) (?:fragt|fragen) (?:nie|niemals) nach) "
)
_YET_HARMED = gated(
    r" (?:still|yet|dennoch|aun asi|pourtant|malgre ca|"
    # ... but not thanks all the same: "Ya está solucionado, lo tenía el vecino. Gracias igualmente!"
    r"(?<!thanks )(?<!thank you )anyway|(?<!danke )trotzdem|(?<!gracias )igualmente|(?<!merci )quand meme|"
    r"hacked|gehackt|hackeado|hackearon|pirate|charged|abgebucht|cobrado|cobraron|debite|preleve) "
)

# Nothing left to do: settled already, or nothing serious, and a question after it: "ya está
# solucionado, solo quería confirmar que no tengo que cerrar nada", "un golpecito, nada grave, me lo
# quedo". Not with a "but" after it, nor harm: "ya está solucionado lo del envío, pero ..." is a new problem.
_FALSE_ALARM = gated(
    # a scare that turned out harmless: "ich dachte, jemand hätte sich eingeloggt, aber es war meine Tochter"
    r" (?:ich dachte|ich hatte gedacht|pense que|pensaba que|crei que|je croyais|j ai cru|je pensais|(?:i )?thought|"
    r"me asuste|se asusto|nos asustamos|i panicked|got scared|j ai eu peur|ich bin erschrocken)(?: \w+){1,12} "
    r"(?:aber|pero|mais|but) (?:es war|era|eran|fue|c etait|it was|it s|it turned out to be|turned out to be|resulto ser) "
    r"(?:nur |solo |juste |just )?"
    r"(?:mein|meine|meiner|mi|mis|mon|ma|mes|my|el|la|un|une|a) "
    # ... and no new trouble after it: "but it was my neighbour, and now the box is empty"
    r"(?!.* (?:and now|but now|y ahora|pero ahora|et maintenant|mais maintenant|und jetzt|aber jetzt) )"
)
# A charge or withdrawal named: nothing is settled where money went ("un cargo que no reconozco").
_CHARGE_SEEN = gated(
    r" (?:cargo|cargos|cobro|cobros|cobraron|charge|charges|charged|prelevement|prelevements|debit|debite|retrait|"
    r"withdrawal|abbuchung|abgebucht|belastung) "
)
_NOTHING_LEFT = gated(
    r" (?:(?<!comme ca )(?:finalement )?(?:c est|tout est) regle|ya (?:esta|quedo) (?:todo )?(?:solucionado|resuelto|arreglado)|"
    r"ya se (?:soluciono|arreglo|resolvio)|(?:it s|it is|all) (?:sorted|resolved|settled) now|already (?:sorted|resolved|settled)|"
    r"hat sich (?:alles )?erledigt|(?:ist|hat sich) (?:alles )?geklart|"
    r"nada grave|no es (?:nada )?grave|rien de grave|ce n est pas grave|nothing serious|not a big deal|"
    r"nichts schlimmes|nicht (?:so )?schlimm|"
    # a listing not bought, or only to help: "no lo compré, ¿cómo lo denuncio?", "will nur helfen" (not "no he
    # comprado nada": said of a charge nobody made, it is fraud)
    r"no lo (?:he )?compr(?:e|ado)|je ne l ai pas achete|ich habe (?:es|das|ihn|sie) nicht gekauft|"
    r"(?:i )?(?:didn t|did not|haven t) (?:buy|bought) it|"
    r"(?:will|mochte) nur helfen|solo quiero ayudar|je veux juste aider|just (?:want|trying) to help|"
    # nothing yet: "pour l'instant il ne s'est rien passé", "de momento no ha pasado nada"
    r"(?:pour l instant|pour le moment|jusqu ici) il ne s est rien passe|(?:de momento|por ahora|hasta ahora) no (?:me )?ha pasado nada|"
    r"bisher ist (?:noch )?nichts passiert|"
    # settled long ago: "das wurde dann fair gelöst", "das hat euer Team damals schnell geregelt", "al final no pasó nada"
    r"(?:wurde|ist) (?:dann |damals |schon |alles |auch )*(?:fair |schnell |gut |sofort )?(?:gelost|geregelt|geklart)|"
    r"(?:hat|haben) (?:\w+ ){0,3}(?:damals |dann |schnell |gut |sofort )+(?:gelost|geregelt|geklart)|"
    r"al final se (?:soluciono|arreglo|resolvio)|ya se (?:libero|liberaron|pago)|ya (?:me|nos) (?:respondieron|contestaron|pagaron|"
    r"lo solucionaron|lo resolvieron)|ya (?:me )?(?:llego|devolvieron|reembolsaron) el (?:reembolso|dinero)|"
    r"(?:now|all|everything s|it s) fixed(?: now)?|(?:all|now) sorted|"
    # nothing bought yet: "haven't bought anything yet", "je n'ai encore rien commandé" (not beside a charge)
    r"(?:i )?(?:haven t|have not) (?:bought|ordered) anything yet|je n ai encore rien (?:commande|achete)|"
    r"(?:todavia|aun) no he comprado nada|ich habe noch nichts (?:bestellt|gekauft)|"
    r"al final no (?:paso|ha pasado) nada|(?:finalement|au final) (?:il ne s est rien passe|ca a ete regle)|in the end nothing (?:happened|came of it)|"
    # never had trouble: "j'ai pas eu de souci", "no he tenido ningún problema" (not with a "but" after)
    r"(?:j ai |je n ai )?(?:pas|jamais) eu de (?:souci|probleme)|no (?:he tenido|tuve|tengo) (?:ningun )?problema|"
    r"i (?:haven t|have not|never) had (?:any )?(?:problem|problems|issue|issues|trouble)|ich hatte (?:noch )?(?:keine|nie) (?:probleme|arger)|"
    # thanks to someone of the team (bot/brain/courtesy.py)
    rf"{THANKS_TO_THE_TEAM})"
    r"(?!.* (?:pero|mais|but|aber|sin embargo|however|cependant|allerdings|jedoch) ) "
)

# Something that happened to someone else on another site, told to ask how things work here: "a
# friend got scammed on another site, how do I spot a reliable seller here?". Both must be said: a
# friend's trouble on this marketplace, or the customer's own elsewhere, may still need a person.
_SOMEONE_ELSE = gated(
    r" (?:una senora|un senor|a lady|a woman|a guy|une dame|un monsieur|eine frau|ein mann) |"
    r" (?:a|my|un|una|mi|mon|ma|une|ein|eine|einem|einer|mein|meine|meinem|meiner) (?:friend|colleague|neighbour|"
    r"neighbor|brother|sister|amigo|amiga|colega|companero|companera|vecino|vecina|hermano|hermana|ami|amie|"
    r"collegue|voisin|voisine|frere|soeur|freund|freundin|kollege|kollegen|kollegin|nachbar|nachbarin|bruder|schwester) "
)
_ELSEWHERE = gated(
    r" (?:on (?:another|a different|some other) (?:site|website|platform|marketplace|app)|elsewhere|"
    r"en otra (?:web|pagina|plataforma|tienda|app)|en otro (?:sitio|portal|marketplace)|"
    r"ailleurs|sur (?:un autre|une autre) (?:site|plateforme|appli|application)|"
    r"auf einer anderen (?:seite|plattform|website|webseite)|woanders|anderswo) "
)


# Something heard, asked about: "my brother-in-law is a police officer and says used helmets can't be
# sold, is that true?", "en un foro dicen que ..., ¿de verdad hace falta?". Both must be said, and
# the source is hearsay (the news, a forum, a relative), never the other party: "the seller says I
# can't return it, is that true?" is a dispute told.
_HEARD = gated(
    r" (?:i ve heard|i heard|i have heard|i ve read|i read (?:online|somewhere|that)|people say|they say|someone told me|"
    r"(?:on|in) (?:a forum|the news|social media)|"
    r"me han dicho|dicen que|he leido|he oido|lei que|oi que|(?:en|vi en) (?:un foro|las noticias|internet|redes|la tele)|"
    r"(?:lei|vi|he leido|he visto|leo) en (?:un grupo|un foro|internet|redes|facebook|tiktok|youtube|instagram|reddit|twitter)|"
    r"on m a parle d\w*|j ai vu (?:sur|dans) (?:un forum|internet|les reseaux|un groupe)|"
    r"on m a dit|on dit que|j ai lu|j ai entendu|sur (?:un forum|internet|les reseaux)|dans (?:les infos|la presse|un article)|"
    r"ich habe gehort|ich habe gelesen|hab gehort|hab gelesen|man sagt|man hort|mir wurde gesagt|"
    r"(?:in einem forum|im internet|in den nachrichten) (?:\w+ )?(?:gelesen|gehort|steht|stand|heisst es)) "
)
_ACQUAINTANCE = gated(
    r" (?:a|my|un|una|mi|mon|ma|une|ein|eine|mein|meine) (?:friend|colleague|neighbour|neighbor|boss|father|mother|dad|mum|mom|"
    r"uncle|aunt|cousin|brother in law|sister in law|brother|sister|husband|wife|partner|son|daughter|mate|buddy|"
    r"compadre|comadre|cuate|pana|parcero|suegro|suegra|esposo|esposa|marido|novio|novia|pareja|hijo|hija|"
    r"mari|femme|copain|copine|fils|fille|beau pere|belle mere|"
    r"mann|frau|sohn|tochter|kumpel|schwiegervater|schwiegermutter|"
    r"amigo|amiga|colega|companero|companera|vecino|vecina|jefe|jefa|padre|madre|tio|tia|primo|prima|cunado|cunada|hermano|hermana|"
    r"ami|amie|collegue|voisin|voisine|patron|pere|mere|oncle|tante|cousin|cousine|beau frere|belle soeur|frere|soeur|"
    r"freund|freundin|kollege|kollegin|nachbar|nachbarin|chef|chefin|vater|mutter|onkel|schwager|schwagerin|bruder|schwester|"
    r"bekannter|bekannte|conocido|conocida|connaissance|acquaintance) "
)
_SAYS = gated(
    r" (?:says|said|told me|tells me|dice|dijo|me dijo|dit|m a dit|disait|sagt|sagte|meint|meinte|behauptet) "
)
_IS_IT_TRUE = gated(
    r" (?:is (?:that|it|this) (?:true|right|so)|is it safe|"
    # (not "no es así", "no es verdad": the customer denies what they were told)
    r"(?<!no )(?:es verdad|es cierto|es asi)|de verdad|es seguro|"
    r"c est vrai|est ce vrai|c est (?:bien )?(?:votre|la) regle|c est sur|c est bien ca|"
    r"stimmt (?:das|es)|ist (?:das|es) (?:wahr|richtig|so|sicher)) "
)
_OTHER_PARTY = re.compile(
    r" (?:seller|vendor|buyer|customer|courier|driver|sellers|vendors|"
    r"vendedor|vendedora|comprador|compradora|cliente|repartidor|transportista|mensajero|"
    r"vendeur|vendeuse|acheteur|acheteuse|client|cliente|livreur|transporteur|"
    r"verkaufer|verkauferin|kaufer|kauferin|kunde|kundin|fahrer|zusteller|handler|handlerin) "
)


# The customer naming their own role ("soy vendedor", "bin neu als Verkäufer"): not the other party.
_OWN_ROLE = re.compile(
    r" (?:i m|i am|as|soy|como|je suis|en tant que|bin|ich bin|als) (?:a |an |un |una |une |ein |eine |neu als |new )?"
    r"(?:new |nuevo |nueva |nouveau |nouvelle |neuer |neue )?"
    r"(?:seller|vendor|buyer|customer|vendedor|vendedora|comprador|compradora|cliente|vendeur|vendeuse|acheteur|"
    r"acheteuse|client|cliente|verkaufer|verkauferin|kaufer|kauferin|kunde|kundin|handler|handlerin) "
)


def _heard_about(line: str, starts: frozenset[str]) -> re.Match[str] | None:
    """The hearsay a customer asks to have confirmed (see _HEARD), or None."""
    if not _IS_IT_TRUE.search(line, starts) or _YET_HARMED.search(line, starts) or _OTHER_PARTY.search(_OWN_ROLE.sub(" ", line)):
        return None
    if heard := _HEARD.search(line, starts):
        return heard
    if _ACQUAINTANCE.search(line, starts):
        return _SAYS.search(line, starts)
    return None


def asks_in_general(text: Text) -> str | None:
    """The words with which the customer says they only ask in general, or None."""
    line, starts = text.padded_corrected, text.word_starts()
    someone_else = _SOMEONE_ELSE.search(line, starts) or _ACQUAINTANCE.search(line, starts)
    if someone_else and (elsewhere := _ELSEWHERE.search(line, starts)):
        return text.as_typed(elsewhere.group().strip())
    if heard := _heard_about(line, starts):
        return text.as_typed(heard.group().strip())
    if (not_clicked := _NOT_CLICKED.search(line, starts)) and _IS_IT_GENUINE.search(line, starts) and not _YET_HARMED.search(line, starts):
        return text.as_typed(not_clicked.group().strip())
    if (who := _PERSON_OR_MACHINE.search(line, starts) or _PEOPLE_HANDLE.search(line, starts)) and not _YET_HARMED.search(line, starts):
        return text.as_typed(who.group().strip())
    if (who := _NOTHING_LEFT.search(line, starts)) and not _YET_HARMED.search(line, starts) and not _CHARGE_SEEN.search(line, starts):
        return text.as_typed(who.group().strip())
    # The scare names the harm it feared ("j'ai cru que mon compte était piraté, mais c'était ma fille"):
    # only harm told after it counts.
    if (who := _FALSE_ALARM.search(line, starts)) and not (
        _YET_HARMED.search(after := " " + line[who.end():], starts) or _CHARGE_SEEN.search(after, starts)
    ):
        return text.as_typed(who.group().strip())
    match = _SUPPOSE.search(line, starts) or _IN_GENERAL.search(line, starts)
    return text.as_typed(match.group().strip()) if match is not None else None
