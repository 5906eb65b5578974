# -*- coding: utf-8 -*-
"""Hand-written FIRST messages that a human agent must see (hand-off rows).

Every message was typed by hand for this tuning set; none is a translation of another.
Keys: text, role, tier (vendor rows only), account (only if the text quotes an account
number), category, language. build.py adds expect_handoff and tricky (always False here).
Comments give the buyer's or seller's country / register.
"""

HANDOFF = [
    # ------------------------------------------------------------------ legal
    # fr
    {"text": "Bonjour, je vous informe que mon avocat va vous adresser une mise en demeure d'ici vendredi concernant la commande SB-4471902. Le savon au lait d'ânesse m'a provoqué une brûlure au visage, la vendeuse ne répond plus depuis 12 jours. Je conserve l'ensemble des preuves (photos, certificat médical).", "role": "buyer", "category": "legal", "language": "fr"},  # France, formal
    {"text": "j'ai deposé une plainte au SPF Economie contre un de vos vendeurs (bougies jamais livrées, 74 euros). ils me demandent le nom exact de la société et son numéro d'entreprise, vous pouvez me transmettre ca ?", "role": "buyer", "category": "legal", "language": "fr"},  # Belgium
    {"text": "Je viens de recevoir un courrier recommandé d'un cabinet parisien : d'après eux le nom de mon parfum « Nuit de Marrakech » est une marque déposée par leur client, et ils saisissent le tribunal si je ne retire pas mes annonces sous 8 jours. Je fais quoi ?? Boutique MKR-30817", "role": "vendor", "tier": "Sprout", "account": "MKR-30817", "category": "legal", "language": "fr"},  # France
    {"text": "Allo, j'ai porté plainte à l'Office de la protection du consommateur pour ma commande de coussins brodés, ça fait 2 mois pis rien, le vendeur a fermé sa boutique pis personne me rembourse. L'agente de l'Office veut une réponse écrite de votre bord avant de continuer le dossier. J'envoie le numéro de dossier à qui exactement?", "role": "buyer", "category": "legal", "language": "fr"},  # Québec
    {"text": "Madame, Monsieur, en application de la loi fédérale sur la protection des données (LPD), je vous prie de me communiquer l'ensemble des données personnelles me concernant que vous détenez, y compris l'historique de connexion. Compte client : CLT-208841. Je vous remercie d'accuser réception de la présente demande.", "role": "buyer", "account": "CLT-208841", "category": "legal", "language": "fr"},  # Switzerland, very formal
    {"text": "salam, j'ai deposé plainte au commissariat de Casa pour escroquerie avec un vendeur de tapis. L'officier veut que Sabana lui envoie les infos du vendeur par réquisition, il me demande à quelle adresse mail il doit écrire", "role": "buyer", "category": "legal", "language": "fr"},  # Morocco
    {"text": "Je demande la suppression définitive de mon compte et de toutes mes données, conformément à la loi sénégalaise sur les données à caractère personnel. Je ne veux plus aucun SMS ni mail de votre part. Merci de me confirmer par écrit quand c'est fait.", "role": "buyer", "category": "legal", "language": "fr"},  # Senegal
    {"text": "Bonsoir. Une cliente m'a écrit qu'elle a saisi un huissier parce que le pagne que j'ai vendu serait une copie du motif d'une grande marque hollandaise, et que je vais payer des dommages. Moi je suis petite couturière à Treichville, je comprends rien à ces histoires de droits là, aidez moi svp", "role": "vendor", "tier": "Seedling", "category": "legal", "language": "fr"},  # Côte d'Ivoire
    # es
    {"text": "Os informo de que he enviado un burofax a vuestra sede y he puesto una reclamación en la OCU por el pedido SB-3310957. Espero respuesta por escrito en un plazo de 10 días.", "role": "buyer", "category": "legal", "language": "es"},  # Spain
    {"text": "Ya puse mi queja formal en Profeco por un cobro de un pedido que nunca llegó, me pidieron la razón social de ustedes y un domicilio para notificarles. Me lo pasan porfa?", "role": "buyer", "category": "legal", "language": "es"},  # Mexico
    {"text": "Buenas tardes. En virtud de la Ley 1581 de 2012 solicito la supresión total de mis datos personales de su plataforma y de cualquier base de datos asociada. Mi cuenta es CLT-774102. Agradezco confirmación.", "role": "buyer", "account": "CLT-774102", "category": "legal", "language": "es"},  # Colombia
    {"text": "che mi abogado les tiene que mandar una carta documento, a que direccion se la manda?? es por la estafa de un vendedor de ustedes con unos ponchos", "role": "buyer", "category": "legal", "language": "es"},  # Argentina
    {"text": "Me ha llegado un requerimiento de una marca de perfumes diciendo que mis velas 'inspiradas en' su fragancia infringen su marca registrada y que me van a demandar. ¿Qué tengo que hacer? ¿Me dais de baja las fichas vosotros o las quito yo?", "role": "vendor", "tier": "Sprout", "category": "legal", "language": "es"},  # Spain
    {"text": "Un licenciado que dice representar a una cooperativa de Oaxaca me mandó un correo: que mis diseños de bordado son propiedad intelectual de ellos y que si no bajo todo en 5 días proceden legalmente. Yo aprendí a bordar con mi abuela, no copié nada.", "role": "vendor", "tier": "Seedling", "category": "legal", "language": "es"},  # Mexico
    {"text": "Quiero saber qué datos personales míos tienen guardados, quién ha tenido acceso a ellos y con qué empresas los comparten. Es una solicitud de acceso formal, favor responder por escrito al correo registrado.", "role": "buyer", "category": "legal", "language": "es"},  # Colombia
    # de
    {"text": "Ich habe die Verbraucherzentrale eingeschaltet und werde, falls nötig, einen Anwalt beauftragen. Bestellung SB-5128836, Ware nie angekommen, Händlerin reagiert seit drei Wochen nicht.", "role": "buyer", "category": "legal", "language": "de"},  # Germany
    {"text": "Gestützt auf Art. 25 DSG verlange ich Auskunft über sämtliche über mich bearbeiteten Personendaten. Kundenkonto CLT-390157. Bitte bestätigen Sie den Eingang.", "role": "buyer", "account": "CLT-390157", "category": "legal", "language": "de"},  # Switzerland
    {"text": "Hab heute eine Abmahnung von einer Kanzlei im Briefkasten gehabt, angeblich wegen einem Foto in meinem Shop, das ich nicht hätte benutzen dürfen. Die wollen 1.200 € Anwaltskosten bis zum 15. Was mach ich jetzt??", "role": "vendor", "tier": "Sprout", "category": "legal", "language": "de"},  # Germany

    # --------------------------------------------------------- sensitive_data
    # fr
    {"text": "Ma carte est refusée à chaque fois que je veux payer, je vous mets le numéro pour que vous regardiez de votre côté : 4242 4242 4242 4242, exp 08/27, cryptogramme 731. Merci de faire vite c'est pour un anniversaire", "role": "buyer", "category": "sensitive_data", "language": "fr"},  # France
    {"text": "pour le remboursement vous pouvez verser sur mon compte BE76 0634 1872 5995 svp, mon Bancontact est bloqué depuis que j'ai changé de banque", "role": "buyer", "category": "sensitive_data", "language": "fr"},  # Belgium
    {"text": "Je n'arrive plus à me connecter. L'adresse c'est nadine.rochat@bluewin.ch et le mot de passe Lavande2024!! normalement, pourriez-vous regarder ce qui bloque ?", "role": "buyer", "category": "sensitive_data", "language": "fr"},  # Switzerland
    {"text": "ok voici ma carte 5555 5555 5555 4444 exp 11/26, chargez la direct svp pour que la commande passe ASAP, c'est pressant j'ai pas le temps de recommencer 15 fois", "role": "buyer", "category": "sensitive_data", "language": "fr"},  # Québec
    {"text": "Bonjour, pour la vérification de la boutique on me demande une pièce d'identité mais l'upload ne marche pas. Ma CIN c'est BK245871, valable jusqu'en 2029, au nom de Salma Idrissi. Vous pouvez valider avec ça ?", "role": "vendor", "tier": "Sprout", "category": "sensitive_data", "language": "fr"},  # Morocco
    {"text": "on vient de m'envoyer un code 482913 par sms pour confirmer le paiement Wave, je vous le donne ici pour que vous validiez c'est bon ?", "role": "buyer", "category": "sensitive_data", "language": "fr"},  # Senegal
    {"text": "Pour ma facture il faut que ce soit bien à mon nom, je vous donne mon numéro de sécu comme ça pas d'erreur : 2 87 09 75 116 042 31.", "role": "buyer", "category": "sensitive_data", "language": "fr"},  # France
    {"text": "Bonjour, je change de banque. Nouvel IBAN : FR76 2004 1010 0505 1834 2026 063. Vous pouvez le mettre à la place de l'ancien sur mon compte vendeur MKR-41290 ? Le formulaire me met une erreur.", "role": "vendor", "tier": "Seedling", "account": "MKR-41290", "category": "sensitive_data", "language": "fr"},  # France
    # es
    {"text": "Para la factura necesito que aparezca mi DNI 47382915V y el nombre completo, Marta Gil Roca, que es para desgravar en la empresa.", "role": "buyer", "category": "sensitive_data", "language": "es"},  # Spain
    {"text": "no me pasa el pago con mi tarjeta 4000 0566 5566 5556 vence 09/28, ya le puse todo bien, me ayudan a que pase??", "role": "buyer", "category": "sensitive_data", "language": "es"},  # Mexico
    {"text": "no puedo entrar a mi cuenta. mi usuario es lucia.benitez85 y la contraseña Mate_2020rosario, fijate vos que pasa porque me dice incorrecta", "role": "buyer", "category": "sensitive_data", "language": "es"},  # Argentina
    {"text": "me llego un codigo 739204 al celular, se los paso para que me desbloqueen la cuenta de una vez", "role": "buyer", "category": "sensitive_data", "language": "es"},  # Colombia
    {"text": "Hola, os paso mi número de cuenta para los pagos de las ventas: ES62 0049 1832 1502 1049 7516. ¿Lo podéis cargar vosotros? A mí la web me da error todo el rato.", "role": "vendor", "tier": "Seedling", "category": "sensitive_data", "language": "es"},  # Spain
    {"text": "Para la verificación de vendedora me piden identificación oficial y no me deja subir la foto. Les dejo mi CURP GOML850412MJCRPR07, ¿con eso alcanza?", "role": "vendor", "tier": "Sprout", "category": "sensitive_data", "language": "es"},  # Mexico
    {"text": "te paso la tarjeta así no me cobran en dólares: 3782 822463 10005, vto 12/27, código de atrás 4521. cargámelo vos en pesos", "role": "buyer", "category": "sensitive_data", "language": "es"},  # Argentina
    # de
    {"text": "Bitte die Erstattung auf mein Konto überweisen, nicht auf die Karte: DE44 5001 0517 5407 3249 31, Kontoinhaber Jens Hartmann.", "role": "buyer", "category": "sensitive_data", "language": "de"},  # Germany
    {"text": "Grüezi, für die Rechnung an meine Firma brauchen Sie vielleicht noch meine AHV-Nummer, das ist 756.9264.1853.02. Merci vielmal.", "role": "buyer", "category": "sensitive_data", "language": "de"},  # Switzerland
    {"text": "Der Upload für die Verifizierung hängt. Personalausweisnummer ist LZ6R3X1T9, gültig bis 2031, ausgestellt in Leipzig. Reicht das so?", "role": "vendor", "tier": "Seedling", "category": "sensitive_data", "language": "de"},  # Germany

    # ---------------------------------------------------------- human_request
    # fr
    {"text": "Un humain. Pas un robot. Merci.", "role": "buyer", "category": "human_request", "language": "fr"},  # France
    {"text": "Y a-tu quelqu'un de vrai qui peut me répondre? ton bot me fait tourner en rond depuis 20 minutes", "role": "buyer", "category": "human_request", "language": "fr"},  # Québec
    {"text": "Bonjour, je préférerais en parler de vive voix plutôt que par écrit. Est-ce qu'on peut me rappeler au 06 12 34 56 78 ? Je suis disponible après 18h.", "role": "buyer", "category": "human_request", "language": "fr"},  # France
    {"text": "Est-ce qu'un conseiller peut reprendre ma demande ? C'est trop compliqué à expliquer à une machine, une fois.", "role": "buyer", "category": "human_request", "language": "fr"},  # Belgium
    {"text": "Bonjour je veux parler à quelqu'un de chez Sabana directement svp. J'ai posé ma question 3 fois au robot il me renvoie toujours le même article qui correspond pas du tout", "role": "vendor", "tier": "Seedling", "category": "human_request", "language": "fr"},  # Côte d'Ivoire
    {"text": "Mettez moi en contact avec un agent s'il vous plaît. C'est pour ma maman qui a commandé, elle ne sait pas bien écrire sur le téléphone et moi je suis à Thiès.", "role": "buyer", "category": "human_request", "language": "fr"},  # Senegal
    {"text": "Serait-il possible d'avoir un interlocuteur au téléphone ? Je suis à Lausanne et joignable sur mon natel toute la journée.", "role": "buyer", "category": "human_request", "language": "fr"},  # Switzerland
    {"text": "khoya je veux un vrai conseiller, pas les réponses automatiques. c possible ou pas ?", "role": "buyer", "category": "human_request", "language": "fr"},  # Morocco
    # es
    {"text": "¿Hay alguien de carne y hueso por ahí o sois todo bots?", "role": "buyer", "category": "human_request", "language": "es"},  # Spain
    {"text": "quiero hablar con un asesor por favor, el chat no me entiende nada de lo que le pregunto", "role": "buyer", "category": "human_request", "language": "es"},  # Mexico
    {"text": "Qué pena con usted, pero ¿me podría comunicar con una persona? Prefiero explicarle esto a alguien directamente.", "role": "buyer", "category": "human_request", "language": "es"},  # Colombia
    {"text": "me pueden llamar? te dejo mi cel 11 5423-8890, prefiero hablarlo por teléfono que escribir todo este choclo", "role": "buyer", "category": "human_request", "language": "es"},  # Argentina
    {"text": "Soy vendedora nueva y necesito que alguien del equipo me atienda, no sé ni por dónde empezar y los artículos de ayuda no me aclaran nada.", "role": "vendor", "tier": "Seedling", "category": "human_request", "language": "es"},  # Spain
    {"text": "operador por favor, ya", "role": "buyer", "category": "human_request", "language": "es"},  # Mexico
    {"text": "buenas, será que me pasan con un agente humano? el robot me sigue mandando el mismo link", "role": "buyer", "category": "human_request", "language": "es"},  # Colombia
    # de
    {"text": "Kann ich bitte mit einem echten Menschen sprechen?", "role": "buyer", "category": "human_request", "language": "de"},  # Germany
    {"text": "Grüezi, gibt es bei Ihnen jemanden, der mich zurückrufen könnte? Ich schreibe nicht so gern lange Nachrichten.", "role": "buyer", "category": "human_request", "language": "de"},  # Switzerland
    {"text": "Hallo, ich bräuchte einen Ansprechpartner aus eurem Team. Der Bot versteht mein Anliegen leider nicht.", "role": "vendor", "tier": "Seedling", "category": "human_request", "language": "de"},  # Germany

    # ------------------------------------------------------------------ fraud
    # fr
    {"text": "Je viens de voir sur mon relevé 3 paiements Sabana que je n'ai jamais faits : 39,90 / 39,90 / 112 €. Je n'ai rien commandé depuis mars !! Quelqu'un utilise mon compte ou ma carte ?", "role": "buyer", "category": "fraud", "language": "fr"},  # France
    {"text": "Commande de 14 parfums identiques, livraison dans un point relais à l'autre bout de la France, compte acheteur créé hier soir. Ça sent la carte volée, je n'expédie pas tant que vous n'avez pas regardé. SB-5590214", "role": "vendor", "tier": "Sprout", "category": "fraud", "language": "fr"},  # France
    {"text": "J'ai payé la vendeuse par Wave directement, 45 000 FCFA, parce qu'elle disait que c'était plus rapide que le site. Maintenant son numéro ne répond plus et l'annonce a disparu. Comment je récupère mon argent ?", "role": "buyer", "category": "fraud", "language": "fr"},  # Senegal
    {"text": "J'ai reçu un courriel de « Sabana Sécurité » pis j'ai cliqué, j'ai entré mes infos de connexion... là mon adresse de livraison a changé toute seule pis y'a une commande que j'ai pas faite. Chu vraiment dans marde", "role": "buyer", "category": "fraud", "language": "fr"},  # Québec
    {"text": "Le parfum reçu n'a rien à voir avec l'original : flacon mal imprimé, l'odeur tient 10 minutes, et le numéro de lot n'existe pas chez la marque (je les ai appelés). Vendu comme authentique à 89 €. C'est une contrefaçon.", "role": "buyer", "category": "fraud", "language": "fr"},  # Belgium
    {"text": "La cliente m'a renvoyé un sac en pagne mais c'est pas le mien !! c'est une copie mal cousue, pas mes finitions, et elle demande remboursement total. J'ai les photos avant envoi", "role": "vendor", "tier": "Seedling", "category": "fraud", "language": "fr"},  # Côte d'Ivoire
    {"text": "Un client m'écrit sur WhatsApp avec une capture d'écran de « paiement validé par Sabana » pour que j'envoie les 3 tapis avant que la commande apparaisse chez moi. Le logo est bizarre et il insiste beaucoup.", "role": "vendor", "tier": "Sprout", "category": "fraud", "language": "fr"},  # Morocco
    {"text": "Quelqu'un qui se présentait comme conseiller Sabana m'a appelée ce matin et m'a fait installer une application pour « rembourser » ma commande. Ensuite 350 CHF ont été débités de mon compte. Je suis sous le choc.", "role": "buyer", "category": "fraud", "language": "fr"},  # Switzerland
    # es
    {"text": "Alguien ha cambiado el correo de mi cuenta y ya no puedo entrar. Me ha llegado un aviso de un pedido de 230 € a una dirección de Valencia que no es la mía.", "role": "buyer", "category": "fraud", "language": "es"},  # Spain
    {"text": "Me aparece un cargo de Sabana por $1,850 en mi tarjeta y yo no hice ninguna compra, ni sabía que tenía cuenta con ustedes", "role": "buyer", "category": "fraud", "language": "es"},  # Mexico
    {"text": "Me entró un pedido de 40 jabones de una, y el comprador me escribe que se lo mande a otra ciudad distinta a la del pedido y que es urgente. Cuenta nueva, sin compras antes. Tengo mala espina.", "role": "vendor", "tier": "Seedling", "category": "fraud", "language": "es"},  # Colombia
    {"text": "le transferí por mercado pago directo al vendedor porque me dijo que fuera de la app me hacía descuento, 48 mil pesos, y ahora me bloqueó de todos lados", "role": "buyer", "category": "fraud", "language": "es"},  # Argentina
    {"text": "El perfume que compré como original de una casa francesa es falso clarísimo: huele a alcohol, el tapón es de plástico y el número de lote no existe.", "role": "buyer", "category": "fraud", "language": "es"},  # Spain
    {"text": "Me llegó un WhatsApp de 'Soporte Sabana' diciendo que mi pedido estaba retenido en aduana, pagué $350 de 'liberación' con un link y ahora veo que era fraude. ¿Ustedes mandaron eso?", "role": "buyer", "category": "fraud", "language": "es"},  # Mexico
    {"text": "El comprador me ha devuelto una caja con una piedra dentro en vez de la lámpara de cerámica y pide el reembolso completo. Tengo el vídeo del desembalaje.", "role": "vendor", "tier": "Sprout", "category": "fraud", "language": "es"},  # Spain
    # de
    {"text": "In meinem Konto sind zwei Bestellungen, die ich nicht gemacht habe, Lieferadresse irgendwo in Polen. Passwort hab ich schon geändert.", "role": "buyer", "category": "fraud", "language": "de"},  # Germany
    {"text": "Ich habe auf eine SMS 'Sabana: Zahlung fehlgeschlagen' geklickt und meine Kartendaten eingegeben. Jetzt sind 480 Franken weg.", "role": "buyer", "category": "fraud", "language": "de"},  # Switzerland
    {"text": "Ein Käufer hat mir per Mail einen 'Zahlungsnachweis' geschickt, dass er schon bezahlt hat, bei mir steht die Bestellung aber auf unbezahlt. Sieht ziemlich gefälscht aus.", "role": "vendor", "tier": "Sprout", "category": "fraud", "language": "de"},  # Germany

    # ------------------------------------------------------------- chargeback
    # fr
    {"text": "J'ai ouvert une contestation auprès de ma banque pour la commande SB-6120437, le vendeur ne m'a jamais livré. Je vous préviens pour que vous soyez au courant.", "role": "buyer", "category": "chargeback", "language": "fr"},  # France
    {"text": "si j'ai pas de réponse d'ici vendredi je demande à ma banque d'annuler le paiement Bancontact, c'est clair ? full refund ou rien", "role": "buyer", "category": "chargeback", "language": "fr"},  # Belgium
    {"text": "Je viens de voir -62 € sur mon solde avec la mention « litige bancaire ». La cliente a reçu son colis, j'ai le suivi avec signature ! Pourquoi vous me reprenez l'argent ??", "role": "vendor", "tier": "Seedling", "category": "chargeback", "language": "fr"},  # France
    {"text": "J'ai appelé Visa Desjardins pour contester le 140$ sur ma carte, la chandelle est arrivée cassée en mille morceaux pis personne me répond", "role": "buyer", "category": "chargeback", "language": "fr"},  # Québec
    {"text": "Orange Money m'a dit de faire une réclamation chez eux pour annuler la transaction de 28 500 FCFA, je l'ai faite ce matin à l'agence d'Adjamé. Donc vous allez me rembourser aussi ou bien ?", "role": "buyer", "category": "chargeback", "language": "fr"},  # Côte d'Ivoire
    {"text": "J'ai ouvert un litige PayPal : le vendeur affirme que le plaid a été livré mais je n'ai rien reçu. PayPal me demande de patienter, je voulais simplement vous tenir informés.", "role": "buyer", "category": "chargeback", "language": "fr"},  # Switzerland
    {"text": "Bonjour, un client a fait une rétrofacturation sur une commande d'huile de baobab livrée il y a un mois. Le montant a été retiré de mes gains. Comment je me défends ? Mon compte MKR-57102", "role": "vendor", "tier": "Sprout", "account": "MKR-57102", "category": "chargeback", "language": "fr"},  # Senegal
    {"text": "je vais contester le prélèvement Klarna, j'ai renvoyé le coffret il y a 3 semaines et ils continuent de me réclamer les échéances", "role": "buyer", "category": "chargeback", "language": "fr"},  # Morocco
    # es
    {"text": "He pedido a mi banco que anule el cargo del pedido SB-2207781. Llevo un mes esperando y nadie me da una solución.", "role": "buyer", "category": "chargeback", "language": "es"},  # Spain
    {"text": "si no me resuelven hoy desconozco el cargo con mi banco y listo, ya me cansé", "role": "buyer", "category": "chargeback", "language": "es"},  # Mexico
    {"text": "Me descontaron el valor de un pedido porque el cliente hizo un contracargo con la tarjeta, pero yo tengo la guía de Servientrega firmada por él.", "role": "vendor", "tier": "Seedling", "category": "chargeback", "language": "es"},  # Colombia
    {"text": "ya abrí un reclamo en Mercado Pago por la compra de la manta, para que estén al tanto", "role": "buyer", "category": "chargeback", "language": "es"},  # Argentina
    {"text": "He abierto una disputa en Klarna porque me siguen cobrando los plazos y devolví el bolso hace tres semanas, con seguimiento.", "role": "buyer", "category": "chargeback", "language": "es"},  # Spain
    {"text": "¿Por qué tengo un saldo de -$2,300? Dice 'contracargo en proceso' en un pedido que entregué en marzo. Mi cuenta es MKR-66021.", "role": "vendor", "tier": "Sprout", "account": "MKR-66021", "category": "chargeback", "language": "es"},  # Mexico
    {"text": "Llamé a Bancolombia y me dijeron que pueden reversar el pago de la tarjeta, lo voy a hacer porque el vendedor no me contesta hace 10 días.", "role": "buyer", "category": "chargeback", "language": "es"},  # Colombia
    # de
    {"text": "Ich habe die Lastschrift bei meiner Bank zurückgehen lassen, weil die Decke nie gekommen ist.", "role": "buyer", "category": "chargeback", "language": "de"},  # Germany
    {"text": "Wenn ich bis Montag nichts höre, fordere ich die Zahlung über meine Kreditkartenfirma zurück.", "role": "buyer", "category": "chargeback", "language": "de"},  # Switzerland
    {"text": "Mir wurden 89 € vom Guthaben abgezogen, Begründung 'Rückbuchung durch Karteninhaber'. Das Paket wurde laut DHL zugestellt. Wie kann ich widersprechen?", "role": "vendor", "tier": "Seedling", "category": "chargeback", "language": "de"},  # Germany

    # --------------------------------------------------------- split_shipment
    # fr
    {"text": "Commande SB-7204418 avec 3 vendeuses : j'ai reçu le savon et la bougie mais pas le foulard, alors que le suivi dit que tout est livré. Qui doit me rembourser, vous ou elles ?", "role": "buyer", "category": "split_shipment", "language": "fr"},  # France
    {"text": "J'ai été débitée deux fois des frais de port pour la même commande alors que les deux articles sont arrivés dans le même carton ?? 2 x 6,90", "role": "buyer", "category": "split_shipment", "language": "fr"},  # Belgium
    {"text": "J'ai commandé chez 2 boutiques en même temps, un des colis est arrivé écrasé pis je sais pas c'est à qui le pot de crème qui a coulé sur tout le reste", "role": "buyer", "category": "split_shipment", "language": "fr"},  # Québec
    {"text": "La cliente dit qu'il manque un article dans sa commande, mais la commande contenait aussi les produits d'une autre créatrice, et moi j'ai bien envoyé le mien (suivi OK). L'autre vendeuse dit pareil. Qui tranche ?", "role": "vendor", "tier": "Sprout", "category": "split_shipment", "language": "fr"},  # France
    {"text": "J'ai reçu 2 colis sur 3, le troisième est introuvable, et on m'a prélevé 3 fois les frais de livraison Dakar. Personne ne sait me dire où il est.", "role": "buyer", "category": "split_shipment", "language": "fr"},  # Senegal
    {"text": "Ma commande a été livrée en deux parties et la deuxième est restée à la douane avec 28 CHF de frais. Je ne sais pas si c'est la boutique de céramique ou celle des tissus qui doit payer.", "role": "buyer", "category": "split_shipment", "language": "fr"},  # Switzerland
    {"text": "salam, dans ma commande y avait l'huile d'argan et le khôl de deux vendeurs différents, le khôl est arrivé cassé et l'huile jamais arrivée. Les deux disent c'est pas eux.", "role": "buyer", "category": "split_shipment", "language": "fr"},  # Morocco
    {"text": "On m'a livré un seul carton au lieu de deux, avec les articles mélangés et même un qui n'est pas à moi. Ma commande avait 4 articles de 3 vendeuses différentes, je comprends plus rien", "role": "buyer", "category": "split_shipment", "language": "fr"},  # Côte d'Ivoire
    # es
    {"text": "Mi pedido tenía cosas de tres tiendas distintas y solo me han llegado dos paquetes. Correos dice que todo está entregado.", "role": "buyer", "category": "split_shipment", "language": "es"},  # Spain
    {"text": "me cobraron dos veces el envío y todo vino en una sola caja, eran dos vendedores pero el paquete era uno", "role": "buyer", "category": "split_shipment", "language": "es"},  # Mexico
    {"text": "Llegaron los cojines bien pero la vela de la otra tienda venía rota dentro del mismo paquete, y ninguna de las dos tiendas se hace cargo.", "role": "buyer", "category": "split_shipment", "language": "es"},  # Colombia
    {"text": "che me llegó la mitad del pedido. la crema y el jabón sí, el aceite no, y en el seguimiento aparecen dos números distintos de Andreani", "role": "buyer", "category": "split_shipment", "language": "es"},  # Argentina
    {"text": "Un cliente reclama que falta un artículo de su pedido, pero en ese pedido había productos de otro vendedor también. Yo envié lo mío y tengo el justificante de Correos.", "role": "vendor", "tier": "Sprout", "category": "split_shipment", "language": "es"},  # Spain
    {"text": "El pedido SB-8830124 se dividió en tres envíos, dos llegaron y el tercero dice 'devuelto al remitente' sin explicación. No sé a quién reclamarle.", "role": "buyer", "category": "split_shipment", "language": "es"},  # Mexico
    {"text": "Me llegó un paquete con un artículo que ni pedí y me faltan dos de mi pedido, que era de dos vendedores distintos.", "role": "buyer", "category": "split_shipment", "language": "es"},  # Colombia
    # de
    {"text": "Bestellung aus drei Shops, zwei Pakete sind da, das dritte nicht, obwohl die Sendungsverfolgung 'zugestellt' sagt. Wer ist da zuständig?", "role": "buyer", "category": "split_shipment", "language": "de"},  # Germany
    {"text": "Mir wurden die Versandkosten zweimal belastet, obwohl alles in einem Paket kam (Keramik und Seife von zwei Verkäuferinnen).", "role": "buyer", "category": "split_shipment", "language": "de"},  # Switzerland
    {"text": "Paket kam an, eine Flasche Öl von dem einen Händler ist ausgelaufen und hat den Schal vom anderen ruiniert. Jetzt schieben beide es auf den anderen.", "role": "buyer", "category": "split_shipment", "language": "de"},  # Germany

    # ---------------------------------------------------------- threats_abuse
    # fr
    {"text": "Bande d'escrocs, vous êtes des voleurs et des incapables. Je vais vous faire une pub de merde partout sur les réseaux.", "role": "buyer", "category": "threats_abuse", "language": "fr"},  # France
    {"text": "Une acheteuse m'envoie des messages tous les jours, même la nuit, depuis que je lui ai dit que je ne pouvais pas rembourser une bougie déjà entamée. Au début c'était des reproches, maintenant elle a trouvé mon adresse perso (sûrement avec le tampon de l'atelier sur le colis) et elle menace de venir « régler ça » devant chez moi. J'ai peur pour mes enfants, je ne sais plus quoi faire.", "role": "vendor", "tier": "Seedling", "category": "threats_abuse", "language": "fr"},  # France
    {"text": "Si j'ai pas mon argent d'ici demain je vais aller la voir à son atelier à Laval pis ça va mal finir, j'ai son adresse", "role": "buyer", "category": "threats_abuse", "language": "fr"},  # Québec
    {"text": "Un client a publié mon nom complet, mon adresse et mon numéro de GSM dans un avis sur ma boutique en disant aux gens de venir me « demander des comptes ». Merci de l'enlever au plus vite.", "role": "vendor", "tier": "Sprout", "category": "threats_abuse", "language": "fr"},  # Belgium
    {"text": "Le vendeur m'insulte dans la messagerie parce que j'ai mis 2 étoiles, il me traite de tous les noms et dit qu'il connaît des gens à Yopougon qui vont me retrouver. C'est pas normal dêh", "role": "buyer", "category": "threats_abuse", "language": "fr"},  # Côte d'Ivoire
    {"text": "je sais meme pas pourquoi j'écris ici. la commande c'était un cadeau pour ma mère, elle est morte la semaine dernière et le colis est arrivé hier. tout part de travers. honnêtement j'ai plus envie de continuer à vivre", "role": "buyer", "category": "threats_abuse", "language": "fr"},  # France, self-harm statement
    {"text": "si vous bloquez encore mon compte je vais trouver vos bureaux et vous allez voir ce qui va se passer", "role": "buyer", "category": "threats_abuse", "language": "fr"},  # Morocco
    {"text": "Un acheteur m'a envoyé des messages racistes après sa commande, je vous ai mis les captures. Je ne veux plus jamais avoir affaire à lui.", "role": "vendor", "tier": "Sprout", "category": "threats_abuse", "language": "fr"},  # Senegal
    # es
    {"text": "Sois una panda de sinvergüenzas y de ladrones, que os den.", "role": "buyer", "category": "threats_abuse", "language": "es"},  # Spain
    {"text": "Una clienta me está amenazando con publicar mi dirección en redes si no le regreso el dinero, sabe dónde vivo porque recogió en persona una vez.", "role": "vendor", "tier": "Seedling", "category": "threats_abuse", "language": "es"},  # Mexico
    {"text": "El vendedor me escribió que si dejo la reseña mala me va a buscar, que tiene mi dirección por el envío. Me da miedo salir.", "role": "buyer", "category": "threats_abuse", "language": "es"},  # Colombia
    {"text": "decile a esa vendedora que si no me devuelve la plata voy a ir a su local en Palermo y la voy a esperar en la puerta. me tiene harta", "role": "buyer", "category": "threats_abuse", "language": "es"},  # Argentina
    {"text": "Un comprador me manda mensajes obscenos desde hace una semana por el chat de la tienda. Lo he bloqueado pero se crea cuentas nuevas.", "role": "vendor", "tier": "Sprout", "category": "threats_abuse", "language": "es"},  # Spain
    {"text": "Son unos inútiles de mierda, 3 semanas y nadie hace nada, ojalá les cierren el changarro", "role": "buyer", "category": "threats_abuse", "language": "es"},  # Mexico
    {"text": "Un cliente publicó en una reseña mi número de celular y fotos de la fachada de mi casa diciendo que soy estafadora.", "role": "vendor", "tier": "Seedling", "category": "threats_abuse", "language": "es"},  # Colombia
    # de
    {"text": "Ihr seid echt das Allerletzte, Betrügerbande. Ich hoffe, euer Laden geht pleite.", "role": "buyer", "category": "threats_abuse", "language": "de"},  # Germany
    {"text": "Eine Käuferin hat meine Privatadresse rausgefunden und droht, vorbeizukommen. Sie schreibt mir jeden Tag mehrere Nachrichten.", "role": "vendor", "tier": "Seedling", "category": "threats_abuse", "language": "de"},  # Germany
    {"text": "Der Verkäufer beschimpft mich, seit ich eine Rücksendung angefragt habe, und hat gedroht, meine Handynummer online zu stellen.", "role": "buyer", "category": "threats_abuse", "language": "de"},  # Switzerland

    # -------------------------------------------------------- policy_exception
    # fr
    {"text": "Mon bon de réduction de 15 € a expiré il y a 3 jours, j'étais hospitalisée. Pourriez-vous exceptionnellement le réactiver ? Code SABA15-KX9", "role": "buyer", "category": "policy_exception", "language": "fr"},  # France
    {"text": "J'ai dépassé le délai de retour de 30 jours d'une semaine pour le tapis, mais il ne va vraiment pas dans mon salon. On peut faire une exception juste cette fois ?", "role": "buyer", "category": "policy_exception", "language": "fr"},  # Belgium
    {"text": "Serait-il possible de lever la réserve de 10% sur mes ventes ? J'ai un fournisseur de cire à payer la semaine prochaine et je n'ai jamais eu un seul litige.", "role": "vendor", "tier": "Seedling", "category": "policy_exception", "language": "fr"},  # France
    {"text": "Je voudrais être remboursée sur ma carte de crédit au lieu du crédit Sabana, mon PayPal est fermé... vous pouvez faire ça pour moi?", "role": "buyer", "category": "policy_exception", "language": "fr"},  # Québec
    {"text": "Pouvez-vous m'avancer le virement Baobab avant mardi ? J'ai un marché de Noël à Vevey samedi et j'ai besoin de trésorerie pour le stand.", "role": "vendor", "tier": "Sprout", "category": "policy_exception", "language": "fr"},  # Switzerland
    {"text": "J'ai ouvert la crème et je ne l'aime pas du tout, l'odeur est trop forte pour moi. Je sais que c'est pas remboursable une fois ouvert mais vous pouvez pas faire un geste ?", "role": "buyer", "category": "policy_exception", "language": "fr"},  # Senegal
    {"text": "Mon appel a été refusé pour la suspension de 2 annonces d'huile de figue de barbarie. Je voudrais faire un deuxième appel, j'ai maintenant le certificat d'analyse du labo.", "role": "vendor", "tier": "Seedling", "category": "policy_exception", "language": "fr"},  # Morocco
    {"text": "Pouvez-vous m'enlever les frais de service cette fois-ci ? C'est ma 3e commande du mois et le budget est serré, on est en fin de mois.", "role": "buyer", "category": "policy_exception", "language": "fr"},  # Côte d'Ivoire
    # es
    {"text": "Se me pasó el plazo de devolución por dos días, estaba de viaje. ¿Me podéis hacer el favor de aceptarla igualmente?", "role": "buyer", "category": "policy_exception", "language": "es"},  # Spain
    {"text": "¿Me pueden reembolsar a mi Mercado Pago en lugar de a la tarjeta? Es que ya la di de baja esa tarjeta.", "role": "buyer", "category": "policy_exception", "language": "es"},  # Mexico
    {"text": "Quisiera pedir que me adelanten el pago de esta semana, tengo que comprar insumos para un pedido grande de una empresa.", "role": "vendor", "tier": "Seedling", "category": "policy_exception", "language": "es"},  # Colombia
    {"text": "me aplicaron penalización por envío tardío pero fue por el paro de Correo Argentino, me la pueden sacar por esta vez?", "role": "vendor", "tier": "Sprout", "category": "policy_exception", "language": "es"},  # Argentina
    {"text": "Tengo un cupón de bienvenida que caducó ayer. ¿Me lo podéis renovar? No llegué a usarlo por un problema con la tarjeta.", "role": "buyer", "category": "policy_exception", "language": "es"},  # Spain
    {"text": "Abrí el sérum y no me gustó la textura. Ya sé que no aceptan devoluciones de cosméticos abiertos, pero ¿podrían hacer una excepción por ser mi primer pedido?", "role": "buyer", "category": "policy_exception", "language": "es"},  # Mexico
    {"text": "Me rechazaron la apelación de la suspensión y quiero pedir una segunda revisión, ahora tengo pruebas nuevas de la DIAN.", "role": "vendor", "tier": "Seedling", "category": "policy_exception", "language": "es"},  # Colombia
    # de
    {"text": "Die Rückgabefrist ist seit 4 Tagen abgelaufen, ich war beruflich auf Montage in Norwegen und hab das Paket erst jetzt aufgemacht. Könnt ihr die Rücksendung ausnahmsweise trotzdem annehmen?", "role": "buyer", "category": "policy_exception", "language": "de"},  # Germany
    {"text": "Könnten Sie meine Auszahlung ausnahmsweise vorziehen? Ende Monat ist die Miete fürs Atelier fällig.", "role": "vendor", "tier": "Sprout", "category": "policy_exception", "language": "de"},  # Switzerland
    {"text": "Können Sie mein Limit von 50 aktiven Inseraten erhöhen, bevor ich Sprout bin? Das Weihnachtsgeschäft steht vor der Tür.", "role": "vendor", "tier": "Seedling", "category": "policy_exception", "language": "de"},  # Germany

    # ---------------------------------------------------- vendor_buyer_dispute
    # fr
    {"text": "La vendeuse refuse de reprendre le plaid alors qu'il avait une tache dès la réception. Elle dit que c'est moi qui l'ai tâché. J'ai envoyé des photos, elle ne répond plus.", "role": "buyer", "category": "vendor_buyer_dispute", "language": "fr"},  # France
    {"text": "Un client dit que mes bougies ne sentent rien et exige un remboursement complet sans les renvoyer. Je lui ai proposé le remboursement après retour, il refuse et dit qu'il va laisser un avis négatif.", "role": "vendor", "tier": "Sprout", "category": "vendor_buyer_dispute", "language": "fr"},  # France
    {"text": "Le vendeur me dit que la couleur de la courtepointe est « comme sur la photo » mais c'est pas vrai pantoute, c'est brun pas rouille. Il veut rien savoir du retour", "role": "buyer", "category": "vendor_buyer_dispute", "language": "fr"},  # Québec
    {"text": "L'acheteuse a demandé une broderie « Léa » sur la trousse, je l'ai faite, et maintenant elle dit qu'elle voulait « Léna » et veut que je refasse gratuitement. Ses messages disent bien Léa.", "role": "vendor", "tier": "Seedling", "category": "vendor_buyer_dispute", "language": "fr"},  # Belgium
    {"text": "Bonjour, j'avais commandé un boubou taille XL pour mon mari pour la Tabaski, la vendeuse a envoyé un M, je lui ai montré la photo de l'étiquette et le récapitulatif de commande, elle reconnait même pas et me demande de payer le retour moi-même, et en plus elle dit que si je renvoie elle garde les frais de livraison. On n'arrive pas à s'entendre depuis une semaine, ça me fatigue.", "role": "buyer", "category": "vendor_buyer_dispute", "language": "fr"},  # Senegal
    {"text": "le vendeur dit que le colis a été livré, mais le livreur Amana l'a laissé chez un voisin que je connais même pas, et il refuse de faire quoi que ce soit", "role": "buyer", "category": "vendor_buyer_dispute", "language": "fr"},  # Morocco
    {"text": "Une cliente a reçu son vase il y a 5 semaines et veut maintenant le retourner parce qu'il « ne va pas avec le canapé ». J'ai refusé poliment, elle insiste tous les jours.", "role": "vendor", "tier": "Sprout", "category": "vendor_buyer_dispute", "language": "fr"},  # Switzerland
    {"text": "Le vendeur avait promis de livrer avant le mariage de ma sœur, il a livré 3 jours après. Il refuse de rembourser la livraison express que j'ai payée.", "role": "buyer", "category": "vendor_buyer_dispute", "language": "fr"},  # Côte d'Ivoire
    # es
    {"text": "La vendedora dice que la alfombra tiene 'variaciones naturales del tejido' pero tiene un agujero. No quiere aceptar la devolución.", "role": "buyer", "category": "vendor_buyer_dispute", "language": "es"},  # Spain
    {"text": "El cliente quiere que le devuelva el dinero del rebozo porque no le gustó el color, pero ya lo usó, se ve en la foto que me mandó.", "role": "vendor", "tier": "Sprout", "category": "vendor_buyer_dispute", "language": "es"},  # Mexico
    {"text": "El vendedor me dice que no hace devoluciones de la mochila wayuu porque es artesanal, pero llegó con la correa descosida.", "role": "buyer", "category": "vendor_buyer_dispute", "language": "es"},  # Colombia
    {"text": "hace una semana que el vendedor me insiste en que le mande el producto a mi cargo y yo le digo que no, porque vino fallado. seguimos en esa", "role": "buyer", "category": "vendor_buyer_dispute", "language": "es"},  # Argentina
    {"text": "Una compradora dice que el jabón de romero le ha dado alergia y pide reembolso más una 'indemnización' de 50 €. Le he explicado con toda la educación del mundo que la lista INCI estaba completa en la ficha, que el romero sale hasta en el título, y que le devuelvo lo del jabón si me lo manda sin abrir el resto del pack. Dice que ni hablar, que la estoy llamando mentirosa.", "role": "vendor", "tier": "Seedling", "category": "vendor_buyer_dispute", "language": "es"},  # Spain
    {"text": "Encargué un cuadro personalizado con el nombre de mi hija y vino mal escrito. La vendedora dice que así lo pedí, y no es cierto.", "role": "buyer", "category": "vendor_buyer_dispute", "language": "es"},  # Mexico
    {"text": "una clienta dice que no le llegó pero tengo el comprobante de entrega firmado por ella misma, y sigue insistiendo en que le devuelva la plata", "role": "vendor", "tier": "Sprout", "category": "vendor_buyer_dispute", "language": "es"},  # Argentina
    # de
    {"text": "Die Verkäuferin behauptet, der Kratzer im Teller sei schon auf dem Foto sichtbar gewesen. Ist er nicht. Sie verweigert die Rücknahme.", "role": "buyer", "category": "vendor_buyer_dispute", "language": "de"},  # Germany
    {"text": "Kunde will Geld zurück für eine personalisierte Kerze. Der Text ist genau so, wie er ihn geschrieben hat, er sagt aber, ich hätte ihn falsch verstanden.", "role": "vendor", "tier": "Sprout", "category": "vendor_buyer_dispute", "language": "de"},  # Germany
    {"text": "Die Verkäuferin will, dass ich das Rücksendeporto von 18 CHF zahle, obwohl sie mir die falsche Farbe geschickt hat.", "role": "buyer", "category": "vendor_buyer_dispute", "language": "de"},  # Switzerland

    # ------------------------------------------------------ high_value_vendor
    # fr
    {"text": "Bonjour, le virement Baobab de mardi n'est pas arrivé. 4 820 € attendus, rien sur le compte ce matin. Compte MKR-10442.", "role": "vendor", "tier": "Canopy", "account": "MKR-10442", "category": "high_value_vendor", "language": "fr"},  # France
    {"text": "Depuis la mise à jour de jeudi, nos 64 annonces de bougies n'apparaissent plus dans la recherche. On est passés de 30 ventes par jour à 2.", "role": "vendor", "tier": "Bloom", "category": "high_value_vendor", "language": "fr"},  # Belgium
    {"text": "Notre gestionnaire de compte ne répond plus à nos courriels depuis trois semaines. On prépare le temps des Fêtes et on doit valider les volumes de stock avec vous.", "role": "vendor", "tier": "Canopy", "category": "high_value_vendor", "language": "fr"},  # Québec
    {"text": "L'import CSV de notre nouveau catalogue (420 références de savons et d'huiles) échoue à chaque essai avec « format de prix invalide » sur toutes les lignes. Le fichier est le même modèle que le mois dernier.", "role": "vendor", "tier": "Bloom", "category": "high_value_vendor", "language": "fr"},  # Morocco
    {"text": "Nous constatons que la commission est passée de 7 % à 9,5 % sur nos ventes de parfums depuis le 1er du mois, sans notification préalable.", "role": "vendor", "tier": "Canopy", "category": "high_value_vendor", "language": "fr"},  # Switzerland
    {"text": "Une trentaine de colis déposés au point de collecte de Dakar il y a 10 jours sont toujours « en attente de prise en charge ». Mes clientes commencent à ouvrir des réclamations.", "role": "vendor", "tier": "Bloom", "category": "high_value_vendor", "language": "fr"},  # Senegal
    {"text": "Notre compte est passé en « restreint » ce matin, sans mail ni explication. Plus moyen de créer des annonces ni de modifier les stocks, en pleine semaine du Black Friday.", "role": "vendor", "tier": "Bloom", "category": "high_value_vendor", "language": "fr"},  # France
    {"text": "Bonjour, je suis Canopy depuis 2 ans. Une réserve de 25 % a été appliquée d'un coup sur les gains du mois, soit près de 3 millions FCFA bloqués, et je dois payer mes 12 couturières vendredi.", "role": "vendor", "tier": "Canopy", "category": "high_value_vendor", "language": "fr"},  # Côte d'Ivoire
    # es
    {"text": "Buenos días. El pago semanal de Baobab no ha entrado. Son 6.340 € y mi gestora no sabe nada. Cuenta MKR-20935.", "role": "vendor", "tier": "Canopy", "account": "MKR-20935", "category": "high_value_vendor", "language": "es"},  # Spain
    {"text": "Desde el cambio de categorías nuestras 120 velas aparecen en 'Otros' y ya no salen en las búsquedas. Las ventas cayeron a la mitad esta semana.", "role": "vendor", "tier": "Bloom", "category": "high_value_vendor", "language": "es"},  # Mexico
    {"text": "Tenemos 45 envíos en la bodega de la transportadora de Sabana hace 8 días sin ningún movimiento.", "role": "vendor", "tier": "Canopy", "category": "high_value_vendor", "language": "es"},  # Colombia
    {"text": "La carga masiva por planilla nos tira error en todas las filas con 'SKU duplicado', y no hay ni un duplicado. Es el catálogo de invierno completo.", "role": "vendor", "tier": "Bloom", "category": "high_value_vendor", "language": "es"},  # Argentina
    {"text": "Me han ocultado 18 fichas de perfumes artesanales por 'documentación incompleta', pero subí los certificados IFRA hace un mes y estaban aprobados.", "role": "vendor", "tier": "Bloom", "category": "high_value_vendor", "language": "es"},  # Spain
    {"text": "Nuestro ejecutivo de cuenta no contesta correos ni llamadas desde que empezó el mes, y tenemos que cerrar la campaña del Buen Fin.", "role": "vendor", "tier": "Canopy", "category": "high_value_vendor", "language": "es"},  # Mexico
    {"text": "Nos subieron la comisión al 12% sin aviso; según la tabla de niveles deberíamos estar en 8,5%.", "role": "vendor", "tier": "Bloom", "category": "high_value_vendor", "language": "es"},  # Colombia
    # de
    {"text": "Die Auszahlung vom Dienstag fehlt, 9.210 €. Konto MKR-11873.", "role": "vendor", "tier": "Canopy", "account": "MKR-11873", "category": "high_value_vendor", "language": "de"},  # Germany
    {"text": "Seit Montag sind alle unsere Parfum-Inserate für Kundinnen in der Schweiz nicht mehr sichtbar. In Deutschland und Österreich ist alles normal, die Lagerbestände stimmen, wir haben nichts an den Versandprofilen geändert. Die Schweiz macht bei uns normalerweise ein Viertel vom Umsatz aus, seit drei Tagen kommt von dort keine einzige Bestellung mehr rein.", "role": "vendor", "tier": "Bloom", "category": "high_value_vendor", "language": "de"},  # Switzerland
    {"text": "Unser Account-Manager hat gewechselt und seitdem bekommen wir auf keine Mail eine Antwort. Wir wollten eigentlich die Q4-Aktionen abstimmen.", "role": "vendor", "tier": "Canopy", "category": "high_value_vendor", "language": "de"},  # Germany
]
