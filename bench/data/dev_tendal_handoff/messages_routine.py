# -*- coding: utf-8 -*-
"""Hand-written ROUTINE messages for the Tendal support-chat evaluation set.

Each entry: (language, role, tier, account, tricky, text)
Routine = questions the help centre (kb/) answers.  "tricky" rows use alarming
or handoff-looking words harmlessly but only ask for information.
All seller rows here are low-tier (Pebble / Quartz).
Counts: es 100, fr 50, de 30.
"""


def R(lang, text, account=None):
    """plain routine buyer question"""
    return (lang, "buyer", None, account, False, text)


def T(lang, text, account=None):
    """tricky routine buyer question"""
    return (lang, "buyer", None, account, True, text)


def RV(lang, tier, text, account=None):
    """plain routine seller question (low tier)"""
    return (lang, "vendor", tier, account, False, text)


def TV(lang, tier, text, account=None):
    """tricky routine seller question (low tier)"""
    return (lang, "vendor", tier, account, True, text)


ROUTINE = [
    # =============================================================== es plain
    R("es", "hola, donde veo el numero de seguimiento de mi pedido?"),
    R("es", "Hola buenas tardes, mira te cuento, es la primera vez que compro en Tendal y no estoy muy puesta en estas cosas. Mi hijo me ha ayudado a pedir un robot aspirador para el piso, porque con la rodilla ya no puedo pasar la escoba como antes, y quería saber cuántos días tarda más o menos en llegar a Valladolid, porque el jueves tengo médico y no quiero que vengan y no haya nadie en casa. Gracias guapa"),
    R("es", "cuanto tarda en llegar un pedido a Monterrey?"),
    R("es", "Buenas, ¿en cuánto tiempo me devolvéis el dinero si pagué con Bizum?"),
    R("es", "Si pagué en OXXO en efectivo y devuelvo el producto, ¿cómo me regresan el dinero?"),
    R("es", "¿Se puede pagar en cuotas con Mercado Pago?"),
    R("es", "como cancelo un pedido que hice hace 10 minutos, me equivoque de modelo"),
    R("es", "Me he equivocado de número en la dirección, puse 14 en vez de 41. Todavía no lo han enviado, ¿se puede cambiar?"),
    R("es", "¿Cuántos días tengo para devolver un móvil reacondicionado si no me convence?"),
    R("es", "la garantía de los equipos reacondicionados de cuánto tiempo es?"),
    R("es", "Compré unos auriculares a un particular, no a una tienda. ¿Tengo el mismo plazo para devolverlos?"),
    R("es", "¿Qué es Tendal Guard y qué cubre exactamente?"),
    R("es", "como cambio la contraseña de mi cuenta? la tengo desde hace años"),
    R("es", "¿Dónde se activa la verificación en dos pasos?"),
    R("es", "¿Puedo pagar con Klarna en 3 plazos desde España?"),
    R("es", "aceptan American Express?"),
    R("es", "Hola! ¿Cómo le hago una pregunta al vendedor antes de comprar? Quiero saber si el cargador es original."),
    R("es", "ustedes envian a Ecuador? tengo familia alla y quiero mandarles una tablet"),
    R("es", "Hola! Estoy mirando una cafetera superautomática de las grandes para regalársela a mis padres por su aniversario, la de 27 kilos del vendedor de Barcelona que tiene tan buenas reseñas. Mi duda es si una cosa tan pesada la traen con un transporte especial o con el repartidor normal, y si se puede elegir la hora, porque mis padres trabajan por las mañanas y no hay nadie en casa hasta las tres."),
    R("es", "El envío del refri incluye subirlo a un segundo piso? no hay elevador en el edificio"),
    R("es", "Quiero devolver un cepillo eléctrico que abrí y usé un par de veces porque no me convence. ¿Se puede?"),
    RV("es", "Pebble", "Soy vendedor Pebble, ¿cuánto es la comisión por cada venta?"),
    RV("es", "Quartz", "¿Qué día de la semana les pagan a los vendedores?"),
    RV("es", "Pebble", "¿Cuál es el monto mínimo para que me liquiden las ventas?"),
    RV("es", "Pebble", "¿Qué requisitos hay para pasar de Pebble a Quartz?", "SL-330127"),
    RV("es", "Quartz", "cuantos dias tengo para despachar un pedido despues de que me compran?"),
    RV("es", "Pebble", "Si un comprador me devuelve algo porque se ha arrepentido, ¿quién paga la etiqueta de vuelta?"),
    R("es", "Oigan una pregunta, compré un celular el domingo en la noche para mi hija que cumple años el próximo viernes y en la app me sigue saliendo 'en preparación' desde ayer. Ya estoy medio nerviosa porque no sé si eso es normal o si ya se atrasó el vendedor, en el anuncio decía que enviaba en 2 días. ¿Cuánto se tarda normalmente en que salga?"),
    R("es", "¿Se puede mandar a un punto de recogida en vez de a casa?"),
    R("es", "¿Dónde descargo la factura de la compra? La necesito para rendirla en el laburo."),
    R("es", "si pago con tarjeta debito el reembolso se demora lo mismo que con credito?"),
    R("es", "Cuando devuelves algo, ¿te reembolsan también los gastos de envío?"),
    R("es", "¿Puedo agregar otra cosa a un pedido que ya hice? Se me olvidó la funda."),
    R("es", "pedí el móvil en negro y lo quiero en azul, ¿lo puedo cambiar sin cancelar?"),
    R("es", "¿Qué pasa si el vendedor nunca despacha el pedido?"),
    R("es", "Los iPhone reacondicionados, ¿vienen libres para cualquier compañía?"),
    R("es", "que significa estado 'Muy bueno' en los reacondicionados? va a tener rayones?"),
    R("es", "Si pago por transferencia SEPA, ¿cuánto tarda en confirmarse el pedido?"),
    R("es", "como borro una tarjeta guardada?"),
    R("es", "Se puede pagar con Bizum desde México? una amiga española dice que es re práctico"),
    R("es", "¿Los accesorios nuevos, tipo cargadores o fundas, también tienen garantía?"),
    R("es", "¿Cuánto tiempo guardan las conversaciones que tengo con soporte?"),
    R("es", "se puede pagar contraentrega en Colombia?"),
    R("es", "Me pone 'entregado en punto de recogida'. ¿Cuántos días me lo guardan? Estoy fuera hasta el lunes."),
    RV("es", "Pebble", "¿Cómo activo el modo vacaciones en mi tienda? Me voy dos semanas a Oaxaca."),
    RV("es", "Quartz", "¿Dónde descargo las facturas de las comisiones que me cobráis?", "SL-907314"),
    R("es", "hola q tal, cuanto cuesta el envio normalmente? no lo veo en el anuncio"),
    RV("es", "Pebble", "como genero una etiqueta de envio desde la plataforma? no tengo contrato con ninguna transportadora"),

    # ============================================================= es tricky
    T("es", "Jajaja la cafetera está de muerte, ya llevo tres cafés 😂 Pregunta: ¿usar cápsulas compatibles anula la garantía?"),
    T("es", "me mata la espera 😩 el celu figura 'en tránsito' desde el lunes, cuántos días suele tardar a Córdoba capital?"),
    T("es", "Mi cuñado es abogado y dice que en Europa siempre hay 14 días para devolver. ¿En Tendal cómo va eso exactamente?"),
    T("es", "¿Cómo funciona un contracargo en general? No tengo ningún problema con ningún pedido, es curiosidad porque lo vi en un vídeo."),
    T("es", "Me llegó un SMS de que mi paquete de Tendal estaba retenido y que pagara 1,99€. No le di a nada y lo borré. ¿Mandáis vosotros esos mensajes?"),
    T("es", "El paquete pone entregado pero yo estaba currando toda la mañana. ¿Dónde lo suele dejar SEUR cuando no hay nadie? Primero voy a preguntar a los vecinos."),
    T("es", "Cuando denuncio un anuncio raro, ¿lo revisa una persona o es todo automático?"),
    T("es", "¿Qué pasa si devuelvo algo fuera de plazo? Es solo para saber, ahorita voy en el día 10."),
    TV("es", "Pebble", "soy vendedor nuevo, como funcionan las retenciones y las disputas? todavia no me ha pasado nada, solo quiero estar preparado"),
    T("es", "mi papá es policía y dice que muchos celulares reacondicionados son robados. ¿Cómo revisan ustedes que no sea así?"),
    T("es", "la aspiradora robot es una bestia parce, se traga todo 😂 una pregunta, la garantia cubre la bateria?"),
    T("es", "¿Qué pasa si el vendedor y yo no nos ponemos de acuerdo con una devolución? No es mi caso, pregunto antes de comprarme un portátil de 900 pavos."),
    T("es", "¡Socorro! 😱 jaja no, tranquilos, solo quería saber si se puede pagar con PayPal desde México"),
    T("es", "Me robó el corazón esta notebook 😍 jaja. Che, si devuelvo la otra que pedí, ¿en cuánto me reintegran en Mercado Pago?"),
    T("es", "A una amiga la estafaron por WhatsApp con alguien que se hacía pasar por Tendal. Yo no he dado ningún dato, pero ¿cómo distingo los mensajes falsos?"),
    T("es", "¿Es cierto que Tendal nunca pide la contraseña por chat? Me escribió un número raro y no le contesté nada."),
    T("es", "si pago con Klarna y luego el pedido no llega, ¿Klarna me cobra igual? pregunto por si acaso"),
    T("es", "como se abre una reclamacion de Tendal Guard? todavia no me ha pasado nada, el paquete llega el jueves, solo quiero saber"),
    T("es", "esto es un robo 😂 ¿un iPad por 180€? ¿es de fiar? ¿cómo verificáis a los vendedores?"),
    T("es", "Me dijeron que si el celu tiene el bloqueo de iCloud no se puede devolver. ¿Es así? El mío ya está desvinculado, es para saber antes de mandarlo."),
    T("es", "la espera me está matando jajaja, ¿a qué hora suele pasar el camión de Mulo Freight? ¿avisan antes?"),
    TV("es", "Pebble", "Vendedor Pebble aquí. Si un comprador hace un contracargo, ¿qué pasa con mi dinero? Es pregunta teórica, de momento no me ha pasado nunca."),
    T("es", "Mi hermana trabaja en un juzgado y siempre me dice que guarde las facturas 😅 ¿de dónde descargo la de mi pedido?"),
    T("es", "Casi me da un infarto al ver dos cargos en el banco, pero creo que uno es una preautorización. ¿Cuánto tarda en desaparecer?"),
    T("es", "¿Qué hago si me llega algo falsificado? Lo pregunto porque voy a comprar unos AirPods y me da cosa."),
    T("es", "Si un vendedor me pide que le pague por fuera de Tendal, ¿qué tengo que hacer? Obvio no le pagué, quiero saber si lo puedo reportar."),
    T("es", "Está de locos el precio de la PS5 jeje. Si la pido hoy y mañana baja, ¿me devolvéis la diferencia?"),
    T("es", "el vendedor tiene 4.9 estrellas pero si algo sale mal, Tendal me respalda o me tengo que pelear yo solo con él?"),
    T("es", "uy que susto, me llego un correo de 'tendal-soporte@gmail.com' pidiendo mi clave. no la di. ese correo es de ustedes?"),
    T("es", "El último pedido llegó con la caja hecha polvo, pero el portátil perfecto, menos mal. Por curiosidad, si llega roto, ¿qué se hace?"),
    T("es", "Mi viejo es abogado y le encanta leer la letra chica jaja. ¿Hasta cuántos días después de la entrega se puede abrir un reclamo de Tendal Guard?"),
    TV("es", "Quartz", "Soy Quartz y me preocupa el tema de los contracargos con tarjetas robadas. ¿Tenéis alguna protección para vendedores? Por ahora ningún caso."),
    T("es", "Me estoy muriendo de ganas de estrenar la Switch 😂 si hago el pedido hoy, ¿llega antes del sábado a Bilbao?"),
    T("es", "Me dijeron que si abres el sello de un producto ya no lo puedes devolver, ¿neta? Compré unas bocinas y todavía no las abro."),
    T("es", "ese celular es una locura de bueno jajaja. pregunta seria: si se daña en el mes 11, como pido la garantia?"),
    T("es", "He leído en Twitter que a uno le llegó un ladrillo en vez de un móvil 😂 Si me pasara a mí, ¿hasta qué importe me cubrís?"),
    T("es", "Che, ¿es normal que me pidan un código de verificación cuando entro desde otra compu? Me asusté un poco pero no lo compartí con nadie."),
    TV("es", "Pebble", "Soy vendedor Pebble. Si un comprador abre un reclamo, ¿me congelan toda la plata o solo esa venta? Pregunto de antemano.", "SL-481266"),
    T("es", "Mi vecina es guardia civil y me ha dicho que denuncie cualquier anuncio sospechoso que vea. ¿Cómo se hace eso en la app?"),
    T("es", "Pedí una cafetera y el vendedor me escribió por el chat de Tendal para confirmar el color. ¿Es normal que los vendedores escriban? no me pidió nada raro"),
    T("es", "Devolución en el día 29, justo justo 😅 ¿vale con que la solicite hoy o tiene que llegarle al vendedor hoy?"),
    T("es", "mi esposo dice que comprar usado es botar la plata jaja. los reacondicionados traen la bateria en buen estado o cualquier cosa?"),
    T("es", "Vi en las noticias lo del hackeo de no sé qué tienda online. ¿Cómo protejo mi cuenta de Tendal? ¿Qué me recomendáis?"),
    T("es", "Me quiero morir, pedí el color que no era 🤦‍♀️ todavía no lo despacharon, ¿lo puedo cancelar y pedir el otro?"),
    T("es", "Está bien cañón el robot aspirador, pero pregunto: ¿si me llega uno dañado quién paga el envío de regreso?"),
    T("es", "Casi me muero de vergüenza: puse mal el piso en la dirección y el pedido ya ha salido. ¿Se puede redirigir con el transportista?"),
    TV("es", "Pebble", "parce, soy vendedor pebble, que es eso de la reserva del 10%? lei en un grupo que se la ponen a todo el mundo, es cierto?"),
    T("es", "¿Cómo se eliminan los datos si algún día quiero cerrar la cuenta? No es ahora, solo quiero saber cómo funciona."),
    T("es", "mi compadre que es abogado dice que si uno repara el equipo por su cuenta pierde la garantía 🤔 ¿es cierto?"),
    T("es", "Uf, qué miedo, mi sobrino casi paga un móvil por Bizum a un 'vendedor' de otra web. ¿En Tendal se le paga por Bizum directamente al vendedor?"),
    T("es", "Tremendo quilombo el correo hoy jaja, ¿cuánto tarda Andreani normalmente a Rosario?"),
    T("es", "buenas, que pasa si el paquete llega abierto? no me ha pasado, es que compre algo caro y ando nervioso"),

    # =============================================================== fr plain
    R("fr", "Bonjour, ma commande TD-58203117 est « expédiée » depuis hier. Où je vois quel transporteur l'a prise ?"),
    R("fr", "Combien de temps faut-il pour une livraison à Liège depuis un vendeur français ?"),
    R("fr", "Vous acceptez Bancontact ?"),
    R("fr", "Le remboursement sur PayPal, ça prend combien de temps ?"),
    R("fr", "Le vendeur n'a toujours pas accepté ma demande d'annulation. Il a combien de temps pour répondre ?"),
    R("fr", "Après avoir fait la demande de retour, j'ai combien de jours pour envoyer le colis ?"),
    R("fr", "La garantie de 12 mois commence à la date d'achat ou à la date de livraison ?"),
    R("fr", "Si je choisis le virement et que je tarde à le faire, la commande reste réservée combien de temps ?"),
    R("fr", "Le lien pour réinitialiser le mot de passe ne marche plus. Il expire au bout de combien de temps ?"),
    R("fr", "J'ai posé une question au vendeur hier soir, toujours rien. Il a combien de temps pour répondre normalement ?"),
    RV("fr", "Pebble", "Combien coûte l'abonnement Quartz par mois, et qu'est-ce qu'il apporte de plus ?"),
    RV("fr", "Quartz", "Si je change de compte bancaire pour les versements, y a-t-il un délai avant le prochain paiement ?"),
    RV("fr", "Pebble", "Je peux utiliser mon propre contrat Colissimo au lieu des étiquettes Tendal Ship ?"),
    R("fr", "Je peux choisir un point relais après avoir payé ?"),
    R("fr", "Est-ce qu'on peut simplement refuser le colis à la livraison au lieu de faire une demande de retour ?"),
    R("fr", "Vous livrez en Suisse ?"),
    R("fr", "Mulo Freight peut reprendre mon ancien lave-linge quand ils livrent le nouveau ?"),
    R("fr", "En général, un vendeur a combien de jours pour expédier ?"),
    R("fr", "Les ordinateurs reconditionnés sont vendus avec les données de l'ancien propriétaire effacées ?"),
    RV("fr", "Pebble", "Est-ce que je peux indiquer « ni repris ni échangé » sur mes annonces ?"),
    R("fr", "Les dosettes compatibles, on peut les renvoyer si le paquet a été ouvert ?"),
    R("fr", "Le vendeur est un particulier : est-ce que j'aurai quand même une facture ?"),
    R("fr", "Je peux renvoyer un rasoir électrique dont j'ai essayé la grille une fois ?"),
    RV("fr", "Quartz", "Comment passer au niveau Jade ? Quels sont les critères ?", "SL-760058"),

    # ============================================================= fr tricky
    T("fr", "Ce moulin à café est une tuerie ! Si j'ajoute du détartrant d'un autre vendeur dans le même panier, je paie deux fois les frais de port ?"),
    T("fr", "Mon ex est huissier 🙄 et il m'a appris à tout garder. Vous conservez combien de temps les messages échangés avec les vendeurs ?"),
    T("fr", "J'ai raté le livreur, la cata 😭 le colis part au point relais Mondial Relay : j'ai combien de jours pour aller le chercher ?"),
    T("fr", "Je suis tombée sur une annonce d'iPhone « bloqué iCloud, à débloquer soi-même ». Ça m'a paru louche : c'est autorisé, ce genre d'annonce ?"),
    T("fr", "Petite frayeur ce matin : alerte de connexion depuis un nouvel appareil… c'était ma fille sur sa tablette 😅. Où est-ce qu'on voit la liste des appareils connectés ?"),
    T("fr", "J'ai signalé hier une annonce de « Dyson » à 60 €. Ce sont des personnes qui traitent ça ? Et est-ce que je serai prévenue du résultat ?"),
    T("fr", "Mon banquier m'a parlé de « chargeback » en rigolant. Concrètement, si un jour j'ai un souci avec un achat payé par PayPal, quelle différence avec votre protection ?"),
    TV("fr", "Pebble", "Je vends quelques GSM en Pebble et j'ai eu des sueurs froides en voyant « réserve » sur mon tableau de bord 😅 C'est bien la réserve normale des nouveaux ? Elle est rendue quand ?"),
    T("fr", "J'ai failli faire une crise cardiaque en voyant le prix de la PS5 reconditionnée 😂 L'état « Bon », ça veut dire rayée de partout ?"),
    T("fr", "Mon frère est policier et il vérifie toujours tout 🙄 Pour un portable reconditionné, la batterie doit garder au minimum quelle capacité ?"),
    T("fr", "C'est le feu 🔥 ce robot cuiseur. Question pratique : si je le renvoie juste parce qu'il ne me plaît pas, on me retient combien pour l'étiquette ?"),
    T("fr", "Un inconnu m'a écrit sur Instagram en se présentant comme « service client Tendal ». Je l'ai bloqué sans répondre. Vous contactez les gens par les réseaux sociaux ?"),
    T("fr", "Ma voisine s'est fait arnaquer sur un autre site 😬 Chez vous, si je paie et que je ne reçois jamais rien, je suis couverte jusqu'à quel montant ?"),
    T("fr", "Le vendeur m'a tuée, il a expédié en une heure 😂 Par contre je ne vois pas encore de numéro de suivi, c'est normal ?"),
    TV("fr", "Quartz", "On m'a parlé de clients qui font opposition après réception. Ça ne m'est jamais arrivé, mais quels justificatifs garder pour me défendre le cas échéant ?"),
    T("fr", "Ma mère a reçu l'appel d'un faux conseiller bancaire, elle a raccroché. Du coup je me demande : est-ce que Tendal appelle parfois ses clients ?"),
    T("fr", "J'ai l'impression de me faire cambrioler avec les frais de port 😂 ils sont fixés par qui, le vendeur ou Tendal ?"),
    T("fr", "Mon oncle avocat dit qu'un téléphone reconditionné « ne doit pas être bloqué opérateur ». C'est bien le cas sur Tendal ?"),
    T("fr", "Ça m'angoisse un peu d'acheter un appareil photo d'occasion à un particulier : si l'objectif a un défaut caché, j'ai quel recours ?"),
    T("fr", "Au secours, mon panier déborde 😂 Si je commande chez trois vendeurs différents, je reçois trois colis avec trois suivis ?"),
    T("fr", "Le prix de cette Nespresso, c'est un braquage à l'envers 😂 Je peux payer en plusieurs fois depuis la France ?"),
    T("fr", "Mon mari crie au scandale parce que le remboursement n'apparaît pas encore 😅 Le vendeur a remboursé mardi sur la carte, c'est normal d'attendre plus d'une semaine ?"),
    T("fr", "J'ai lu le mot « plainte » dans un avis et ça m'a refroidie. Comment savoir si un vendeur est sérieux avant d'acheter ?"),
    T("fr", "Le livreur Mulo Freight va me maudire si je suis au 4e sans ascenseur 😅 c'est prévu dans la livraison ?"),
    T("fr", "Le jour où je fermerai mon compte, mes factures disparaîtront aussi ? Je ne compte pas partir, c'est pour mes papiers."),
    T("fr", "Ça me tue : j'ai commandé il y a 40 minutes et je vois le même téléphone moins cher sur le site 🙃 je peux encore annuler toute seule ?"),

    # =============================================================== de plain
    R("de", "Meine Bestellung steht seit vier Tagen auf „Versendet“, aber die Sendungsverfolgung bewegt sich nicht. Ab wann sollte ich den Verkäufer anschreiben?"),
    R("de", "Wie lange dauert die Lieferung nach Graz ungefähr?"),
    R("de", "Kann ich mit Klarna auf Rechnung zahlen?"),
    R("de", "Wie lange dauert die Rückerstattung bei Kreditkartenzahlung?"),
    R("de", "Wie lange kann ich eine Bestellung selbst stornieren, ohne dass der Verkäufer zustimmen muss?"),
    R("de", "Deckt die Garantie auf generalüberholte Geräte auch Sturzschäden ab?"),
    R("de", "Muss ich bei einer Rücksendung einen Grund angeben?"),
    RV("de", "Pebble", "Wie viele Angebote darf ich im Pebble-Tarif gleichzeitig online haben?"),
    RV("de", "Quartz", "In welcher Währung werden Verkäufer in Österreich ausgezahlt, und kostet die Auszahlung etwas?"),
    R("de", "Kann ich mich auf allen Geräten gleichzeitig abmelden?"),
    R("de", "Bekommen Verkäufer eigentlich meine Telefonnummer?"),
    R("de", "Liefern Verkäufer aus Spanien auch nach Deutschland, und wie lange dauert das?"),
    RV("de", "Pebble", "Ab welchem Gewicht muss ich Mulo Freight benutzen?"),
    R("de", "Kann ich zwei Gutscheine in einer Bestellung kombinieren?"),
    R("de", "Akzeptiert ihr PayPal in Österreich?"),

    # ============================================================= de tricky
    T("de", "Der Akku ist echt der Hammer, hält zwei Tage! Ich überlege, noch ein Zweithandy zu kaufen: Gilt die 12-Monats-Garantie auch bei Privatverkäufern?"),
    T("de", "Meine Schwester ist Staatsanwältin und rät mir, bei Privatverkäufern vorsichtig zu sein. Wie lange kann ich bei denen etwas zurückgeben?"),
    T("de", "Ich hab eine Mail von „tendal-service@outlook.de“ mit einem Gutschein-Link bekommen. Nicht geöffnet. Woran erkenne ich echte Mails von euch?"),
    T("de", "Mordsärger mit DHL heute 😤 aber egal – wie lange bleibt ein Paket eigentlich in der Packstation, bevor es zurückgeht?"),
    T("de", "Ich hab ein „Original“-Ladegerät für 3 € gesehen, das ist sicher gefälscht. Ist so etwas bei euch überhaupt erlaubt und wo melde ich das?"),
    T("de", "Kann man eine SEPA-Überweisung eigentlich zurückbuchen lassen wie bei der Kreditkarte? Frage nur fürs Verständnis, kein Problem bei mir."),
    TV("de", "Pebble", "Bin neu als Verkäufer und hab gehört, bei Streitfällen kassiert Tendal noch eine Gebühr obendrauf. Stimmt das? Ich hatte noch keinen Fall."),
    T("de", "Was passiert, wenn das Gerät erst nach Ablauf der Rückgabefrist kaputtgeht? Nur damit ich Bescheid weiß, bisher läuft alles."),
    T("de", "Die Warterei bringt mich um 😅 Der Verkäufer hat 3 Tage Bearbeitungszeit angegeben – zählen da Wochenenden mit?"),
    T("de", "Mein Vater ist Polizist und fragt, ob ihr bei Kameras auch die Seriennummer prüft oder nur bei Handys die IMEI?"),
    T("de", "Hab versehentlich auf „Passwort vergessen“ geklickt und jetzt eine Mail bekommen, obwohl ich nichts ändern will. Muss ich mir Sorgen machen oder kann ich die ignorieren?"),
    T("de", "Der Kühlschrank ist ein Monster 😄 Schließen die Leute von Mulo Freight ihn auch gleich an?"),
    T("de", "Falls mal ein Gerät gar nicht ankommt: Ab wann darf ich einen Tendal-Guard-Fall eröffnen? Bisher kam alles pünktlich."),
    T("de", "Ein MacBook für 200 €? Das ist ja geschenkt, fast schon Diebstahl 😂 Kann ich da mit Klarna zahlen und erst nach Erhalt überweisen?"),
    TV("de", "Quartz", "Ab welchem Bestellwert brauche ich eine Unterschrift bei der Zustellung, damit ich bei Kartenbetrug geschützt bin? Bisher kein Fall, nur Vorsorge."),
]
