"""Baton's own Spanish, German and French for the texts of `config/brand.yaml` it writes itself.

A marketplace that keeps one of these texts as Baton wrote it gets it in its customer's language
from here; a text the marketplace rewrote is its own words, said as written unless its
`translations:` give it (docs/configuration.md#translations). Spanish says tú, German Sie and
French vous, as the rest of Baton's defaults (courtesy replies, order statuses) do.
"""

from __future__ import annotations

DEFAULT_TRANSLATIONS: dict[str, dict[str, str]] = {
    "es": {
        "handoff_message": "Te paso con una persona de nuestro equipo; te responderá aquí en un plazo de {minutes} minutos.",
        "handoff_closed_message": "Nuestro equipo ha cerrado esta conversación. Aquí estoy si necesitas algo más.",
        "no_answer_message": "Lo siento, no he encontrado una respuesta a eso en nuestro centro de ayuda.",
        "after_hours_message": (
            "Nuestro equipo no está disponible ahora mismo. Una persona te responderá aquí cuando volvamos, "
            "{opens}; no hace falta que te quedes en el chat."),
        "waiting_message": "Gracias por esperar: una persona de nuestro equipo te atenderá en breve.",
        "failed_message": "Algo ha fallado por nuestra parte. Tu mensaje está guardado y nuestro equipo puede verlo.",
        "not_saved_message": "Lo siento, no he podido recibir ese mensaje ahora mismo. Vuelve a enviarlo dentro de un minuto.",
        "file_received_message": (
            "Gracias, he guardado tu archivo. Cuéntame de qué se trata o pide una persona: también lo verá."),
        "file_refused_message": (
            "No he podido recibir {name}: solo se pueden enviar fotos (JPEG, PNG, GIF, WebP) y archivos PDF."),
        "file_too_large_message": "No he podido recibir {name}: un archivo puede tener como máximo {size}.",
        "file_too_many_message": "Puedo recibir {count} archivos por mensaje, así que he dejado fuera {names}.",
        "file_not_sent_message": (
            "El archivo {name} es demasiado grande para Discord. Pídenoslo aquí y buscaremos otra forma de "
            "hacértelo llegar."),
        "staff_joined_message": "{name}, de nuestro equipo de soporte, se ha unido y te responderá aquí.",
        "passed_message": "He pasado tu conversación a un especialista de nuestro equipo. Te responderá aquí.",
        "auto_close_warning": (
            "¿Podemos ayudarte en algo más? Si no sabemos nada de ti, esta conversación se cerrará en {duration}."),
        "auto_closed_message": (
            "Hace un tiempo que no sabemos de ti, así que esta conversación se ha cerrado. Aquí estoy si "
            "necesitas algo más."),
        "staff_signature": "**{name}** · equipo de soporte",
        "sources_label": "Más información",
        "channel_pointer": "Respondo preguntas en {channel}; también puedes enviarme un mensaje directo.",
        "person_button": "Hablar con una persona",
        "person_button_words": "Quiero hablar con una persona, por favor.",
        "person_button_not_yours": "Solo el cliente de esta conversación puede usar este botón.",
        "person_already": "Una persona ya está atendiendo esta conversación; te responderá aquí.",
        "ticket_welcome": (
            "Hola, {name}: este es tu ticket de soporte. Pregúntame lo que quieras aquí; puedo llamar a una "
            "persona cuando la necesites."),
        "ticket_opened": "Te he abierto un ticket: {thread}",
        "ticket_exists": "Ya tienes un ticket abierto: {thread}",
        "private_ticket_pointer": "Te he abierto un ticket privado: {thread}",
        "private_ticket_welcome": "Solo tú y nuestro equipo de soporte podéis ver este ticket. Preguntaste:",
        "rating_prompt": "¿Qué tal lo ha hecho nuestro equipo? Valora esta conversación de 1 (mal) a 5 (muy bien).",
        "rating_thanks": "Gracias por tu valoración. Ayuda a nuestro equipo a mejorar.",
        "rating_already": "Ya has valorado esta conversación. ¡Gracias!",
        "rating_comment_button": "Añadir un comentario",
        "rating_comment_label": "Tu comentario",
        "rating_pick_first": "Elige primero una puntuación del 1 al 5; después podrás añadir un comentario.",
    },
    "de": {
        "handoff_message": (
            "Ich gebe Sie an jemanden aus unserem Team weiter; die Antwort kommt hier innerhalb von {minutes} Minuten."),
        "handoff_closed_message": "Unser Team hat dieses Gespräch geschlossen. Ich bin hier, wenn Sie noch etwas brauchen.",
        "no_answer_message": "Das tut mir leid, dazu habe ich in unserem Hilfe-Center keine Antwort gefunden.",
        "after_hours_message": (
            "Unser Team ist gerade nicht da. Sobald wir zurück sind, {opens}, antwortet Ihnen hier eine Person; "
            "Sie müssen nicht im Chat bleiben."),
        "waiting_message": "Danke fürs Warten: Gleich ist jemand aus unserem Team für Sie da.",
        "failed_message": "Bei uns ist etwas schiefgelaufen. Ihre Nachricht ist gespeichert und unser Team kann sie sehen.",
        "not_saved_message": (
            "Entschuldigung, diese Nachricht konnte ich gerade nicht annehmen. Bitte senden Sie sie in einer "
            "Minute noch einmal."),
        "file_received_message": (
            "Danke, ich habe Ihre Datei gespeichert. Schreiben Sie mir, worum es geht, oder fragen Sie nach "
            "einer Person: Sie sieht die Datei auch."),
        "file_refused_message": (
            "{name} konnte ich nicht annehmen: Senden lassen sich nur Fotos (JPEG, PNG, GIF, WebP) und PDF-Dateien."),
        "file_too_large_message": "{name} konnte ich nicht annehmen: Eine Datei darf höchstens {size} groß sein.",
        "file_too_many_message": "Ich kann {count} Dateien pro Nachricht annehmen, deshalb habe ich {names} weggelassen.",
        "file_not_sent_message": (
            "Die Datei {name} ist zu groß für Discord. Fragen Sie uns hier, dann finden wir einen anderen Weg, "
            "sie Ihnen zu schicken."),
        "staff_joined_message": "{name} aus unserem Support-Team ist dazugekommen und antwortet Ihnen hier.",
        "passed_message": "Ich habe Ihr Gespräch an eine Fachkraft in unserem Team weitergegeben. Die Antwort kommt hier.",
        "auto_close_warning": (
            "Können wir Ihnen noch bei etwas helfen? Wenn wir nichts von Ihnen hören, wird dieses Gespräch "
            "in {duration} geschlossen."),
        "auto_closed_message": (
            "Wir haben eine Weile nichts von Ihnen gehört, deshalb ist dieses Gespräch jetzt geschlossen. Ich "
            "bin hier, wenn Sie noch etwas brauchen."),
        "staff_signature": "**{name}** · Support-Team",
        "sources_label": "Mehr dazu",
        "channel_pointer": "Ich beantworte Fragen in {channel}; Sie können mir auch eine Direktnachricht schreiben.",
        "person_button": "Mit einer Person sprechen",
        "person_button_words": "Ich möchte bitte mit einer Person sprechen.",
        "person_button_not_yours": "Nur die Person, der dieses Gespräch gehört, kann diese Schaltfläche verwenden.",
        "person_already": "Eine Person kümmert sich bereits um dieses Gespräch; die Antwort kommt hier.",
        "ticket_welcome": (
            "Hallo {name}, das ist Ihr Support-Ticket. Fragen Sie mich hier alles; wenn Sie eine Person "
            "brauchen, hole ich jemanden dazu."),
        "ticket_opened": "Ich habe ein Ticket für Sie eröffnet: {thread}",
        "ticket_exists": "Sie haben bereits ein offenes Ticket: {thread}",
        "private_ticket_pointer": "Ich habe ein privates Ticket für Sie eröffnet: {thread}",
        "private_ticket_welcome": "Nur Sie und unser Support-Team sehen dieses Ticket. Ihre Frage:",
        "rating_prompt": "Wie hat Ihnen unser Team geholfen? Bitte bewerten Sie dieses Gespräch von 1 (schlecht) bis 5 (sehr gut).",
        "rating_thanks": "Danke für Ihre Bewertung. Sie hilft unserem Team, besser zu werden.",
        "rating_already": "Sie haben dieses Gespräch bereits bewertet. Vielen Dank!",
        "rating_comment_button": "Kommentar hinzufügen",
        "rating_comment_label": "Ihr Kommentar",
        "rating_pick_first": "Bitte wählen Sie zuerst eine Bewertung von 1 bis 5; danach können Sie einen Kommentar hinzufügen.",
    },
    "fr": {
        "handoff_message": "Je vous passe à une personne de notre équipe ; elle vous répondra ici d'ici {minutes} minutes.",
        "handoff_closed_message": "Notre équipe a clôturé cette conversation. Je reste là si vous avez besoin d'autre chose.",
        "no_answer_message": "Désolé, je n'ai pas trouvé de réponse à cela dans notre centre d'aide.",
        "after_hours_message": (
            "Notre équipe est absente pour le moment. Une personne vous répondra ici à notre retour, {opens} ; "
            "inutile de rester dans le chat."),
        "waiting_message": "Merci de votre patience : une personne de notre équipe va vous répondre sous peu.",
        "failed_message": "Un problème est survenu de notre côté. Votre message est enregistré et notre équipe peut le voir.",
        "not_saved_message": "Désolé, je n'ai pas pu prendre ce message pour l'instant. Renvoyez-le dans une minute, s'il vous plaît.",
        "file_received_message": (
            "Merci, j'ai gardé votre fichier. Dites-moi de quoi il s'agit, ou demandez une personne : elle le "
            "verra aussi."),
        "file_refused_message": (
            "Je n'ai pas pu prendre {name} : seuls les photos (JPEG, PNG, GIF, WebP) et les fichiers PDF peuvent "
            "être envoyés."),
        "file_too_large_message": "Je n'ai pas pu prendre {name} : un fichier ne peut pas dépasser {size}.",
        "file_too_many_message": "Je peux prendre {count} fichiers par message, j'ai donc laissé de côté {names}.",
        "file_not_sent_message": (
            "Le fichier {name} est trop volumineux pour Discord. Demandez-le-nous ici et nous trouverons un autre "
            "moyen de vous le faire parvenir."),
        "staff_joined_message": "{name}, de notre équipe d'assistance, vous a rejoint et vous répondra ici.",
        "passed_message": "J'ai transmis votre conversation à un spécialiste de notre équipe. Il vous répondra ici.",
        "auto_close_warning": (
            "Pouvons-nous vous aider pour autre chose ? Sans nouvelles de votre part, cette conversation sera "
            "fermée dans {duration}."),
        "auto_closed_message": (
            "Sans nouvelles de votre part depuis un moment, cette conversation est maintenant fermée. Je reste là "
            "si vous avez besoin d'autre chose."),
        "staff_signature": "**{name}** · équipe d'assistance",
        "sources_label": "En savoir plus",
        "channel_pointer": "Je réponds aux questions dans {channel} ; vous pouvez aussi m'envoyer un message privé.",
        "person_button": "Parler à une personne",
        "person_button_words": "Je voudrais parler à une personne, s'il vous plaît.",
        "person_button_not_yours": "Seul le client de cette conversation peut utiliser ce bouton.",
        "person_already": "Une personne s'occupe déjà de cette conversation ; elle vous répondra ici.",
        "ticket_welcome": (
            "Bonjour {name}, voici votre ticket d'assistance. Posez-moi vos questions ici ; je peux faire appel "
            "à une personne dès que vous en avez besoin."),
        "ticket_opened": "Je vous ai ouvert un ticket : {thread}",
        "ticket_exists": "Vous avez déjà un ticket ouvert : {thread}",
        "private_ticket_pointer": "Je vous ai ouvert un ticket privé : {thread}",
        "private_ticket_welcome": "Seuls vous et notre équipe d'assistance pouvez voir ce ticket. Vous avez demandé :",
        "rating_prompt": "Comment notre équipe s'en est-elle sortie ? Notez cette conversation de 1 (mauvais) à 5 (excellent).",
        "rating_thanks": "Merci pour votre note. Elle aide notre équipe à s'améliorer.",
        "rating_already": "Vous avez déjà noté cette conversation. Merci !",
        "rating_comment_button": "Ajouter un commentaire",
        "rating_comment_label": "Votre commentaire",
        "rating_pick_first": "Choisissez d'abord une note de 1 à 5 ; vous pourrez ensuite ajouter un commentaire.",
    },
}

# The same for `email:` (the staff replies a signed-in customer did not see, the transcript on close).
DEFAULT_EMAIL_TRANSLATIONS: dict[str, dict[str, str]] = {
    "es": {
        "subject": "Nueva respuesta del equipo de soporte de {marketplace}",
        "hello": "Hola, {name}:",
        "intro": "Nuestro equipo respondió a tu chat mientras no estabas:",
        "link_text": "Continuar la conversación en {marketplace}",
        "footer": ("Recibes este correo porque hablaste con el soporte de {marketplace} con tu sesión iniciada. "
                   "Las respuestas a este correo no se leen: contesta en el chat."),
        "transcript_subject": "Tu conversación con el soporte de {marketplace}",
        "transcript_intro": "Aquí tienes una copia de tu conversación con nuestro equipo.",
        "you": "Tú",
    },
    "de": {
        "subject": "Neue Antwort vom Support von {marketplace}",
        "hello": "Hallo {name},",
        "intro": "Unser Team hat auf Ihren Chat geantwortet, während Sie nicht da waren:",
        "link_text": "Das Gespräch auf {marketplace} fortsetzen",
        "footer": ("Sie erhalten diese E-Mail, weil Sie angemeldet mit dem Support von {marketplace} gechattet "
                   "haben. Antworten auf diese E-Mail werden nicht gelesen: Bitte antworten Sie im Chat."),
        "transcript_subject": "Ihr Gespräch mit dem Support von {marketplace}",
        "transcript_intro": "Hier ist eine Kopie Ihres Gesprächs mit unserem Team.",
        "you": "Sie",
    },
    "fr": {
        "subject": "Nouvelle réponse de l'assistance {marketplace}",
        "hello": "Bonjour {name},",
        "intro": "Notre équipe a répondu à votre discussion pendant votre absence :",
        "link_text": "Poursuivre la conversation sur {marketplace}",
        "footer": ("Vous recevez cet e-mail parce que vous avez discuté avec l'assistance {marketplace} en étant "
                   "connecté. Les réponses à cet e-mail ne sont pas lues : répondez dans la discussion."),
        "transcript_subject": "Votre conversation avec l'assistance {marketplace}",
        "transcript_intro": "Voici une copie de votre conversation avec notre équipe.",
        "you": "Vous",
    },
}
