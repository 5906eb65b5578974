# -*- coding: utf-8 -*-
"""Hand-written HANDOFF messages for the Tendal support-chat evaluation set.

Each entry: (language, role, tier, account, text)
  language: es | fr | de
  role:     buyer | vendor
  tier:     vendor tier name (vendor rows only, else None)
  account:  optional account id (CB-###### for buyers, SL-###### for sellers), else None

Every message was written directly in its language (no translation between
languages).  Per category: 10 es / 5 fr / 3 de.
"""


def B(lang, text, account=None):
    return (lang, "buyer", None, account, text)


def V(lang, tier, text, account=None):
    return (lang, "vendor", tier, account, text)


HANDOFF = {
    # ------------------------------------------------------------------ legal
    "legal": [
        B("es", "Buenas tardes. Compré un portátil reacondicionado (pedido TD-40918273) que dejó de encender a la semana y el vendedor no contesta desde hace 12 días. Esta mañana le he enviado un burofax y si en una semana no tengo solución presentaré la reclamación en la OCU. Os escribo para que Tendal quede informado y conste."),
        B("es", "ya me canse, voy a poner queja en profeco contra ustedes y contra el vendedor, la cafetera llego rota y nadie me responde"),
        B("es", "Hola. Mi abogado me pidió que les solicite por escrito todo el historial de mensajes con el vendedor del pedido TD-55102938, porque vamos a iniciar acciones legales contra él. ¿A quién se lo tengo que pedir?"),
        V("es", "Pebble", "Otro vendedor está usando mis fotos y mis descripciones de iPhones reacondicionados, copiadas palabra por palabra. Las fotos son mías, tengo los RAW originales. Quiero presentar una reclamación de propiedad intelectual contra esa tienda."),
        B("es", "Quiero ejercer mi derecho de acceso según el RGPD: solicito una copia de todos los datos personales que Tendal tiene sobre mí. Mi cuenta es CB-284019.", "CB-284019"),
        B("es", "me robaron el paquete de la porteria del edificio y ya puse la denuncia en la policia, tengo el numero de la denuncia. que mas necesitan ustedes para devolverme la plata?"),
        B("es", "Che, les aviso que ya le mandé carta documento al vendedor porque me vendió una notebook con la placa madre cambiada y lo negó. Si Tendal no se hace cargo, la próxima va para ustedes."),
        B("es", "Quiero que borren mi cuenta y TODOS mis datos, no que nomás la desactiven. Tengo derecho a que los eliminen y se los pido formalmente desde hoy."),
        V("es", "Quartz", "Nos llegó una carta de una marca diciendo que nuestros cargadores 'compatibles' infringen su marca registrada y que nos van a demandar si no los retiramos. Los anuncios siguen activos en Tendal, ¿qué hacemos?"),
        B("es", "He puesto una reclamación en FACUA por el cobro de 5,95 de gastos de devolución que no me correspondían, el altavoz venía defectuoso. Me han dado número de expediente, os lo comunico para que lo tengáis en cuenta."),
        B("fr", "Madame, Monsieur, je vous adresse par la présente une mise en demeure : la console Switch reçue (commande TD-61829304) est défectueuse et le vendeur refuse tout remboursement. Sans réponse sous 8 jours, je saisirai le tribunal judiciaire."),
        B("fr", "Le vendeur m'a envoyé un GSM avec un écran de remplacement alors que l'annonce disait écran d'origine. J'ai introduit une plainte au SPF Economie et mon avocat demande les coordonnées complètes du vendeur."),
        B("fr", "Je souhaite exercer mon droit à l'effacement (article 17 du RGPD). Merci de supprimer l'ensemble de mes données personnelles, y compris mon historique de commandes."),
        B("fr", "J'ai signalé ce vendeur à la DGCCRF pour pratiques commerciales trompeuses : des prix barrés bidons sur tous ses aspirateurs robots. Je voudrais savoir ce que Tendal compte faire de son côté."),
        V("fr", "Quartz", "Un acheteur a publié sur les réseaux que je suis un voleur, avec le nom de ma boutique. Mon avocat prépare une plainte pour diffamation et a besoin des échanges de la commande TD-73920185.", "SL-204771"),
        B("de", "Ich habe wegen des nie gelieferten Laptops Anzeige bei der Polizei erstattet, ein Aktenzeichen liegt vor. Bitte teilen Sie mir mit, an wen ich die Unterlagen schicken soll."),
        V("de", "Pebble", "Wir haben eine Abmahnung von einer Anwaltskanzlei bekommen, angeblich fehlt in unseren Angeboten die Widerrufsbelehrung. Die Frist läuft am Freitag ab. Was sagt Tendal dazu?"),
        B("de", "Auskunftsersuchen nach Art. 15 DSGVO: Bitte senden Sie mir eine Kopie aller über mich gespeicherten personenbezogenen Daten. Kundenkonto CB-530217.", "CB-530217"),
    ],

    # --------------------------------------------------------- sensitive_data
    "sensitive_data": [
        B("es", "no me deja pagar con la tarjeta, os paso el numero a ver si es cosa vuestra: 4111 1111 1111 1111 caduca 09/27"),
        B("es", "ya intente 3 veces y nada, mi tarjeta es 5555 5555 5555 4444 cvv 123, por que me la rechaza?? quiero el celular antes de que se acabe la oferta"),
        V("es", "Pebble", "Para que me hagáis los pagos: mi IBAN nuevo es ES91 2100 0418 4502 0005 1332, he cambiado de banco y no encuentro dónde ponerlo en el panel"),
        B("es", "Me pedís verificar la identidad para lo del reembolso, mi NIE es X1234567L y vivo en Zaragoza, ¿ya está así?"),
        B("es", "Para la factura les dejo mi CURP: GOMC850312HDFRRL09, porfa agréguenla a mis datos"),
        B("es", "No puedo entrar. Mi mail es lucia.fer@example.com y la contraseña es Rulito2023! , fíjense ustedes qué pasa porque yo ya no entiendo nada"),
        B("es", "me llego un codigo por sms 734912 para confirmar algo, se los paso para que lo validen ustedes porque a mi no me funciona"),
        B("es", "quiero guardar la tarjeta para la próxima compra, es 4242 4242 4242 4242 exp 11/28, ¿me la podéis añadir vosotros? que a mí la app me da error"),
        B("es", "Les paso mi pasaporte para que me desbloqueen la cuenta: AAE123456, es argentino y vence en 2029. Avisen cuando esté."),
        V("es", "Quartz", "buenas, para lo de la verificacion de la tienda: cedula 1020456789 y la clave de la cuenta es Parce*2024, entren y revisen ustedes que yo ya no se que mas subir", "SL-615903"),
        B("fr", "Voici ma carte pour que vous débitiez la différence : 4000 0566 5566 5556, exp 04/27, cryptogramme 318."),
        V("fr", "Pebble", "Mon nouveau compte pour les versements : BE68 5390 0754 7034. Vous pouvez le mettre à jour de votre côté svp ?"),
        B("fr", "J'ai reçu le code 552081 par SMS, c'est bien vous ? Je vous le donne au cas où vous en auriez besoin."),
        B("fr", "Mon numéro de passeport c'est 19AB12345, si vous devez vérifier mon identité pour le remboursement de l'aspirateur."),
        B("fr", "Voici mes identifiants pour que vous regardiez vous-même : julien.m@example.be / mot de passe Frites2024. Je n'arrive plus à voir mes commandes."),
        B("de", "Meine Kreditkarte 5105 1051 0510 5100 wird immer abgelehnt, gültig bis 08/26. Können Sie das bitte prüfen?"),
        V("de", "Quartz", "Neue Bankverbindung für die Auszahlungen: DE89 3704 0044 0532 0130 00. Bitte bei mir eintragen, danke."),
        B("de", "Passwort vergessen, hab jetzt ein neues gesetzt: Schnitzel#88. Geht aber trotzdem nicht rein, was ist da los?"),
    ],

    # ---------------------------------------------------------- human_request
    "human_request": [
        B("es", "quiero hablar con una persona, no con un bot"),
        B("es", "¿hay alguien ahí de verdad o puro robot? llevo media hora con lo del reembolso y nomás me mandan links"),
        B("es", "Necesito que me llame alguien, no me llevo bien con escribir en el celu y es un tema largo con la heladera que compré."),
        V("es", "Pebble", "Buenas, soy vendedor (SL-402918). Prefiero tratar esto con alguien del equipo y no con el asistente. ¿Me pasáis con un agente?", "SL-402918"),
        B("es", "no quiero hablar con una maquina, paseme con un asesor por favor"),
        B("es", "Hola, escribo por mi madre, que tiene 78 años y compró una cafetera la semana pasada. Está aquí conmigo y está muy liada con los pasos de la app, los mensajes y los botones, y yo tampoco lo entiendo del todo. Necesitaríamos que nos atendiera alguien que se lo pueda explicar con calma, por teléfono si puede ser, porque por aquí se agobia mucho."),
        B("es", "agente humano porfa"),
        B("es", "Mirá, ya probé todo lo que dice la ayuda y no funciona nada. Pasame con alguien de carne y hueso, dale."),
        V("es", "Quartz", "Tengo varias dudas sobre mi cuenta de vendedor que son muy específicas. ¿Me pueden agendar una llamada con alguien de soporte esta semana?"),
        B("es", "Llevo tres días escribiendo por aquí y siempre me contestáis lo mismo. ¿Es que no hay nadie que lea esto?"),
        B("fr", "Bonjour, je voudrais parler à un conseiller, s'il vous plaît."),
        B("fr", "Est-ce qu'il y a un vrai humain derrière ce chat ? Parce que là je tourne en rond depuis tantôt."),
        V("fr", "Pebble", "Pouvez-vous me faire rappeler par quelqu'un du service vendeurs ? Mon numéro est dans mon compte."),
        B("fr", "franchement les réponses automatiques ça va 5 minutes, je veux quelqu'un de réel"),
        B("fr", "Je suis malvoyante et ce chat est très compliqué pour moi. Est-ce qu'une personne pourrait m'appeler, s'il vous plaît ?"),
        B("de", "Ich möchte bitte mit einem Mitarbeiter sprechen."),
        B("de", "Gibt's bei euch auch echte Menschen? Der Bot versteht mein Problem einfach nicht."),
        V("de", "Quartz", "Bitte um Rückruf durch einen Ansprechpartner, es geht um mehrere offene Bestellungen gleichzeitig."),
    ],

    # ------------------------------------------------------------------ fraud
    "fraud": [
        B("es", "Me han entrado en la cuenta, han cambiado el email y han pedido un MacBook a una dirección de Valencia que no es mía. ¡Yo no he sido!"),
        B("es", "me salio un cargo de Tendal por $8,499 MXN que yo no hice, no tengo ninguna compra asi en mi cuenta"),
        B("es", "El vendedor me dijo que le transfiriera por fuera a un alias de Mercado Pago y así me hacía 15% de descuento. Le mandé la plata y ahora no contesta y el anuncio desapareció."),
        B("es", "Me llegó un SMS de 'Tendal' diciendo que mi paquete estaba retenido, pinché y metí los datos de la tarjeta. Ahora veo que la web no era vuestra. ¿Qué hago??"),
        B("es", "el iphone que me llego aparece reportado como robado, el operador no me lo deja activar porque el imei esta en lista negra. lo compre aqui como reacondicionado"),
        V("es", "Pebble", "Me ha entrado un pedido de una PS5 a un punto de recogida, el nombre no coincide con el de la tarjeta y el comprador me escribe con muchas prisas pidiendo que la mande hoy. Huele a tarjeta robada, ¿la envío o no?"),
        V("es", "Quartz", "Un comprador me mandó un comprobante de transferencia para que le mande la laptop sin esperar la confirmación de Tendal, pero mi banco dice que esa operación no existe. Creo que es falso."),
        B("es", "Los AirPods que recibí son truchos, se nota a la legua: la caja mal impresa y no aparecen en la app de Apple. Me vendieron una copia como original."),
        B("es", "Me ha llegado un aviso de inicio de sesión en mi cuenta desde otro país y ahora no puedo cambiar la contraseña porque dice que el email no existe"),
        B("es", "Ayer le di mis datos de acceso a alguien que me marcó diciendo que era de soporte de Tendal. Hoy ya no puedo entrar a mi cuenta y ahí tengo saldo de un reembolso"),
        B("fr", "Quelqu'un a changé le mot de passe de mon compte et passé deux commandes d'aspirateurs Dyson livrés à Lyon. Je n'ai rien commandé !"),
        B("fr", "Je vois un débit Tendal de 349 € sur mon compte que je ne reconnais pas du tout. Je n'ai rien commandé depuis mars."),
        V("fr", "Pebble", "Un acheteur m'a envoyé une capture d'écran de virement pour un appareil photo Sony, mais rien n'apparaît sur mon compte et il insiste pour que j'expédie aujourd'hui. C'est louche."),
        B("fr", "L'appareil photo Canon que j'ai reçu a un numéro de série déclaré volé sur le site du fabricant. Je ne veux pas d'histoires avec la police."),
        B("fr", "J'ai cliqué sur un mail « votre compte Tendal sera suspendu » et j'ai donné mon mot de passe. Maintenant j'ai peur, je fais quoi ?"),
        B("de", "Meine Frau hat auf ihrer Kreditkarte drei Abbuchungen von Tendal über je 89,90 € entdeckt. Wir haben beide nichts bestellt."),
        B("de", "Ich bin auf einen Link reingefallen, den mir ein angeblicher Verkäufer geschickt hat – „Tendal Sicherzahlung“. Hab dort 450 € bezahlt und jetzt ist der Kontakt weg."),
        V("de", "Quartz", "Bestellung TD-22817364 über drei MacBooks, Lieferung an eine Packstation, das Käuferkonto wurde erst gestern angelegt. Ich vermute eine gestohlene Karte. Soll ich stornieren?"),
    ],

    # ------------------------------------------------------------- chargeback
    "chargeback": [
        B("es", "Si mañana no tengo el reembolso del móvil llamo al banco y que me devuelvan ellos el dinero. Vosotros veréis."),
        B("es", "ya abri una disputa en mi banco por el cargo de la tablet porque nunca llego, nomas para que sepan"),
        B("es", "Hice el reclamo en Mercado Pago para que me devuelvan la plata de la cafetera que vino sin la jarra. ¿Eso cambia algo con ustedes?"),
        V("es", "Pebble", "Me acaban de quitar 420€ del saldo porque un comprador ha hecho un contracargo de una Xbox que le entregué con firma. ¿Cómo lo recurro?"),
        B("es", "voy a desconocer la compra con la tarjeta de credito, el vendedor no me responde y el portatil llego con la pantalla rayada"),
        B("es", "Pagué con PayPal y he abierto un caso allí porque el robot aspirador no es el modelo que anunciaban. ¿Tengo que hacer algo más aquí?"),
        V("es", "Quartz", "El comprador del pedido TD-81726354 dice que va a cancelar el cargo con su banco aunque ya le llegó el celular, tengo la guía de Estafeta como entregada. ¿Qué hago para que no me lo quiten?"),
        B("es", "Les aviso que desconocí el pago en la Visa. Ya hablé con el banco y me dijeron que ustedes tienen que mandar pruebas."),
        B("es", "He pagado con Klarna y ya he marcado en la app de Klarna que el pedido no ha llegado para pausar el pago. Lo comento por si os llega algo."),
        V("es", "Pebble", "me llego un correo de que me retienen el pago de una consola por una disputa del comprador con su banco. yo la envie bien y tengo guia, eso cuanto tarda?"),
        B("fr", "Ma banque m'a conseillé de contester le paiement de 420 € pour l'ordinateur, le vendeur ne répond plus. Je voulais juste vous prévenir avant de le faire."),
        B("fr", "PayPal m'a remboursé après mon litige pour la tablette, mais maintenant le vendeur m'écrit que je l'ai volé. Qui a raison ?"),
        V("fr", "Quartz", "On m'a retiré 189 € de mes versements suite à une contestation de paiement d'un client. Le colis a pourtant été livré, j'ai la preuve Colissimo."),
        B("fr", "J'ai contesté le paiement Klarna pour la machine à café que j'ai retournée il y a 3 semaines, toujours pas remboursée."),
        B("fr", "Ma banque me propose d'introduire une réclamation sur le paiement par carte pour le GSM reconditionné défectueux. Je le fais ?"),
        B("de", "Ich habe bei American Express Einspruch gegen die Abbuchung für das Tablet eingelegt, der Verkäufer hat nur Ausreden. Muss ich bei euch noch etwas tun?"),
        V("de", "Pebble", "Kunde hat bei der Kreditkarte widersprochen, obwohl er den Saugroboter bekommen hat. Jetzt ist mein Guthaben im Minus. Was tun?"),
        B("de", "Klarna hat mir bestätigt, dass mein Klärfall wegen der defekten Konsole eröffnet ist. Wie geht es jetzt bei euch weiter?"),
    ],

    # --------------------------------------------------------- split_shipment
    "split_shipment": [
        B("es", "Pedí un portátil y un ratón en el mismo carrito. El ratón llegó por Correos y el portátil venía por SEUR, o eso dice, porque solo tengo el ratón y SEUR lo marca como entregado."),
        B("es", "mi pedido venia en 2 cajas, llego una por estafeta con el control del xbox pero la consola no, y el vendedor dice que el ya mando todo"),
        B("es", "Compré la cafetera y las cápsulas a dos vendedores distintos en la misma compra. Me cobraron el envío dos veces y encima llegó una sola caja, aplastada."),
        B("es", "me llegaron 3 paquetes de 4 del mismo pedido TD-36271845, el que falta es justo el del cargador y nadie me sabe decir quien lo tiene"),
        B("es", "Del pedido TD-19283746 me llegó la cámara por un lado y el objetivo por otro. El objetivo viene con la lente rajada y no sé si reclamarle al vendedor, a Correos o a vosotros."),
        V("es", "Pebble", "Vendí una freidora de aire y otro vendedor le vendió los accesorios al mismo cliente en el mismo pedido. El cliente me reclama a mí una caja que no era mía y me ha abierto incidencia."),
        B("es", "Me cobraron dos veces el envío de Mulo Freight por el refri, dicen que son dos entregas pero vino todo en un solo camión y además falta la charola del congelador"),
        B("es", "Hola, bueno, les cuento porque ya no sé a quién decirle. Compré una notebook y el cargador en la misma compra el 3 de este mes. Una parte vino por Andreani y otra por Correo Argentino, o eso dice el seguimiento. La caja del cargador llegó abierta y vacía, con cinta de otra empresa, y la de la notebook sigue 'en distribución' hace seis días. El vendedor jura que despachó todo bien. ¿Y entonces?"),
        B("es", "Tengo dos cargos de la misma compra en la tarjeta, 34,90 y 34,90, y según la app son dos envíos del mismo vendedor, pero yo solo he recibido un paquete"),
        V("es", "Quartz", "despache un pedido en dos cajas por Servientrega, una llego y la otra la dan por perdida, el cliente quiere reembolso total y dice que ademas le cobraron el envio dos veces"),
        B("fr", "Ma commande est arrivée en deux colis, un par Colissimo et un par Mondial Relay. Dans celui de Mondial Relay il manquait la manette, et chaque vendeur dit que c'est la faute de l'autre."),
        B("fr", "Trois colis pour une seule commande : bpost en a livré deux, le troisième avec l'écran est arrivé abîmé et je ne sais pas à qui m'adresser."),
        V("fr", "Pebble", "J'ai expédié ma partie de la commande TD-47382910 (le chargeur) et l'autre vendeur a envoyé le PC. Le client dit n'avoir rien reçu de l'un des deux et réclame le remboursement total."),
        B("fr", "On m'a facturé deux fois la livraison pour un robot aspirateur et sa station, livrés séparément, et la station n'est jamais arrivée."),
        B("fr", "La machine à café est venue par Mulo Freight et le moulin par la poste. Le moulin est arrivé cassé : le transporteur dit que c'est l'emballage du vendeur, le vendeur dit que c'est la poste."),
        B("de", "Meine Bestellung kam in zwei Paketen, DHL und Hermes. Im DHL-Paket fehlt das Netzteil für den Laptop, und keiner will zuständig sein."),
        B("de", "Zwei Verkäufer, eine Bestellung: Das Tablet kam mit der Post, Hülle und Stift sollten separat kommen und sind nie angekommen. Versand wurde trotzdem zweimal abgebucht."),
        V("de", "Quartz", "Ich habe meinen Teil der Sammelbestellung verschickt, die Sendung ist als zugestellt markiert. Der Käufer sagt, eines der Pakete sei leer gewesen, und will jetzt von mir die ganze Bestellung erstattet."),
    ],

    # ---------------------------------------------------------- threats_abuse
    "threats_abuse": [
        B("es", "Sois unos estafadores de mierda, panda de ladrones. Ya sé dónde tiene la nave el vendedor y me voy a presentar allí mañana, a ver si tiene huevos de decirme a la cara que no me devuelve el dinero. Y a vosotros también os va a tocar, ya veréis."),
        B("es", "dile al vendedor que ya tengo su dirección y la de su familia, a ver si le sigue pareciendo chistoso no contestar"),
        V("es", "Pebble", "Un comprador me escribe todos los días insultándome, me dijo que me iba a 'hacer famoso' y publicó mi teléfono y mi dirección en un grupo de Facebook. Tengo miedo de salir de casa."),
        B("es", "ya no puedo mas con esto, perdi la plata del arriendo en ese celular y siento que lo mejor seria no estar. no se ni para que les escribo"),
        B("es", "Como no me solucionéis lo de la cafetera hoy os juro que os vais a acordar de mí. Sé dónde vive uno de los repartidores que me la trajo."),
        V("es", "Quartz", "Un cliente me ha amenazado por mensaje: dice que si no le devuelvo el dinero de un móvil que ha roto él, va a venir a la tienda con 'unos amigos'."),
        B("es", "el vendedor me anda mandando mensajes a mi whats a las 3 de la mañana diciendome que soy una ratera y que me va a quemar en redes, yo solo deje una reseña de 2 estrellas"),
        B("es", "Sos un inútil vos y toda tu empresa. Devuélvanme la guita o los hago mierda en todos lados, y al vendedor le voy a ir a tocar el timbre, ¿entendiste?"),
        B("es", "Desde que abrí la reclamación, el vendedor me ha buscado en Instagram y nos escribe a mí y a mi novia. Me da muy mal rollo, no sé qué más puede hacer."),
        V("es", "Pebble", "una compradora me dejo una reseña diciendo que soy un estafador con mi nombre completo y mi numero de cedula, y ahora me llaman desconocidos a insultarme"),
        B("fr", "Bande d'incapables. Si mon remboursement n'est pas là demain, je viens à votre siège et ça va mal se passer, croyez-moi."),
        V("fr", "Pebble", "Un acheteur m'insulte depuis une semaine dans la messagerie et maintenant il m'envoie des photos de ma maison. Comment il a eu mon adresse ?"),
        B("fr", "Le vendeur m'a traitée de tous les noms parce que j'ai demandé un retour, avec des insultes sexistes en plus. Je ne me sens pas en sécurité."),
        B("fr", "Vous êtes des voleurs et des menteurs. Je vais trouver le nom de l'agent qui a refusé mon remboursement et je l'attendrai à la sortie de vos bureaux."),
        V("fr", "Quartz", "Un client a publié mon adresse perso et mon numéro de téléphone sur un forum en disant que j'arnaque les gens. Depuis je reçois des appels anonymes la nuit."),
        B("de", "Ihr Vollidioten. Ich weiß, wie eure Chat-Mitarbeiterin heißt, und ich finde auch raus, wo sie wohnt. Dann reden wir mal persönlich."),
        V("de", "Pebble", "Ein Käufer beschimpft mich seit Tagen aufs Übelste und droht jetzt, meine Familie 'mal zu besuchen'. Was kann ich tun?"),
        B("de", "Der Verkäufer schreibt mir nach meiner Bewertung ständig auf Instagram und droht, private Fotos von mir zu veröffentlichen."),
    ],

    # ------------------------------------------------------- policy_exception
    "policy_exception": [
        B("es", "Hola, sé perfectamente que el plazo de devolución era de 30 días y hoy ya es el día 34, pero he estado ingresada en el hospital casi dos semanas por una operación y no he podido ni abrir la caja del portátil hasta ayer. Tengo el informe médico si hace falta. ¿Podríais hacer una excepción y dejarme devolverlo?"),
        V("es", "Pebble", "¿Me podéis quitar la comisión de este mes? Ha sido un mes malísimo, solo he vendido tres cosas y os lo agradecería un montón."),
        B("es", "el cupón de 300 pesos que me dieron se venció ayer y no alcancé a usarlo, me lo pueden reactivar porfa?"),
        V("es", "Quartz", "Necesito cobrar ya lo de esta semana, no puedo esperar al martes. ¿Me pueden adelantar la liquidación? Es por un tema familiar.", "SL-118452"),
        B("es", "la garantia del portatil se vencio hace 2 semanas y justo ahora se daño la bisagra, me la pueden cubrir igual? fue por poquito"),
        V("es", "Pebble", "Tengo la retención del 10% por ser nuevo y me está asfixiando. Llevo 60 ventas sin ninguna incidencia, ¿me la podéis levantar ya?"),
        B("es", "Pagué con Mercado Pago pero ya no uso más esa cuenta. ¿Me pueden devolver la plata a mi cuenta del banco en vez de ahí?"),
        B("es", "Se me pasó el plazo para abrir la reclamación de Tendal Guard por dos días, el vendedor me tuvo entretenido con promesas. ¿Me la aceptáis igualmente?"),
        V("es", "Quartz", "Ya apelé la baja de mi anuncio de purificadores y me la rechazaron. Quiero una segunda revisión, es un error, el producto no está prohibido."),
        B("es", "El límite de mi cuenta nueva no me deja pagar la laptop de 42 mil pesos. ¿Me lo pueden subir solo por esta vez?"),
        B("fr", "Le délai de retour de 14 jours est dépassé d'une semaine, mais j'étais à l'étranger pour le travail. Vous pouvez faire un geste ?"),
        V("fr", "Pebble", "Pourriez-vous exceptionnellement me verser mes gains avant mardi ? J'ai un loyer à payer cette semaine."),
        B("fr", "Ma garantie de 12 mois sur l'iPhone reconditionné a expiré le mois dernier, mais la batterie faiblissait déjà avant. Vous pouvez me la prolonger ?"),
        V("fr", "Quartz", "Le minimum de versement est à 20 € et j'ai 14 € bloqués depuis des semaines. Vous pouvez me les verser quand même ?"),
        B("fr", "J'ai payé par carte mais elle a été annulée entre-temps. Vous pouvez me rembourser sur PayPal à la place ?"),
        B("de", "Ich habe die Rückgabefrist um drei Tage verpasst, weil das Paket beim Nachbarn lag. Können Sie die Rücksendung trotzdem annehmen?"),
        V("de", "Pebble", "Die 10-%-Reserve für Neuverkäufer ist für mich echt hart. Könnt ihr die bei mir früher aufheben?"),
        B("de", "Könnt ihr mir die 5,95 € Rücksendekosten erlassen? Ich hab mich beim Modell einfach vertan, das Gerät ist noch originalverpackt."),
    ],

    # --------------------------------------------------- vendor_buyer_dispute
    "vendor_buyer_dispute": [
        B("es", "El vendedor dice que el móvil salió de su tienda perfecto y que la raya de la pantalla la he hecho yo. Yo le digo que vino así, que tengo el vídeo del unboxing grabado desde que abrí la caja, y él dice que eso no demuestra nada. Llevamos cuatro días así y no nos ponemos de acuerdo."),
        V("es", "Pebble", "El comprador me devuelve la cafetera diciendo que no funciona, yo la pruebo y va perfecta. Él insiste en que le devuelva el dinero y me ha puesto una reseña de 1 estrella."),
        B("es", "le escribí al vendedor que la bocina no es el modelo que puso en el anuncio y me contestó que es 'igualito' y que no acepta devolución"),
        B("es", "El vendedor me pide que le mande la notebook de vuelta pagando yo el envío, pero vino fallada de fábrica. Dice que si no la mando así no me devuelve nada."),
        V("es", "Quartz", "El cliente devolvió una caja con un celular distinto al que le mandé, otro modelo y todo madreado. Le digo que no es el mío y él dice que sí."),
        B("es", "el vendedor me mando la aspiradora sin la base de carga y dice que en el anuncio no decia que la incluia, pero en las fotos sale clarita"),
        V("es", "Pebble", "El comprador dice que la PS4 no lee discos. Le pedí un video y me mandó uno donde no se ve nada. Quiere la plata ya y me dice que si no me deja mala calificación."),
        B("es", "He devuelto la tablet en su caja original y ahora el vendedor dice que falta el cargador y me quiere descontar 25 €. El cargador iba dentro, lo metí yo misma."),
        V("es", "Quartz", "el comprador dice que el portatil tiene bloqueo de activacion pero yo lo entregue formateado y desvinculado, tengo capturas. el no quiere mandar ninguna prueba"),
        B("es", "El vendedor ya aceptó la devolución de la freidora, pero ahora dice que solo me regresa la mitad porque 'la usé'. Nomás la prendí una vez para probarla."),
        B("fr", "Le vendeur prétend que l'appareil photo fonctionnait parfaitement à l'envoi. Moi je l'ai reçu avec un capteur plein de poussière, et on tourne en rond depuis une semaine."),
        V("fr", "Pebble", "L'acheteuse affirme que la machine à café fuit. Je lui ai proposé une réparation, elle exige le remboursement intégral et refuse de me la renvoyer."),
        B("fr", "Le vendeur refuse le retour du PC portable parce que j'ai retiré le film plastique de l'écran. Ce n'est quand même pas un scellé ?"),
        V("fr", "Quartz", "Un client dit avoir reçu la console sans manette, mais j'ai la pesée du colis au dépôt qui prouve le contraire. Il m'accuse de mentir."),
        B("fr", "J'ai renvoyé le robot aspirateur comme convenu, le vendeur a signé la réception, mais maintenant il dit qu'il n'a jamais accepté le retour."),
        B("de", "Der Verkäufer sagt, ich hätte den Saugroboter selbst kaputt gemacht, weil ich ihn angeblich falsch geladen habe. Er nimmt ihn nicht zurück, und ich sehe das ganz anders."),
        V("de", "Pebble", "Käufer hat die Kamera zurückgeschickt, aber ohne Akku und Ladegerät. Er sagt, das war nie dabei. Steht aber so im Angebot."),
        B("de", "Die Verkäuferin will mir für den zurückgeschickten Standmixer nur 60 % erstatten, weil die Originalverpackung fehlt. Davon war vorher nie die Rede."),
    ],

    # ------------------------------------------------------ high_value_vendor
    "high_value_vendor": [
        V("es", "Jade", "Hola, ¿cómo cambio el plazo de preparación de todos mis anuncios de 2 a 3 días hábiles?"),
        V("es", "Obsidian", "Buenas tardes, ¿cuál es la comisión que nos aplica ahora mismo para tablets reacondicionadas? Queremos subir unas 300 unidades la semana que viene."),
        V("es", "Jade", "Hola, somos la tienda SL-738201. La liquidación del martes no nos llegó y tenemos que pagarles a los proveedores el viernes.", "SL-738201"),
        V("es", "Obsidian", "¿Cómo descargo las facturas de comisiones del último trimestre? Las necesita la gestoría antes del día 20."),
        V("es", "Jade", "hola buenas, como hago para activar los envios con Mulo Freight para neveras? no me aparece la opcion en el panel"),
        V("es", "Obsidian", "Nuestro gestor de cuenta lleva dos semanas sin contestar y tenemos 40 devoluciones abiertas. Necesitamos que alguien lo coja ya."),
        V("es", "Jade", "¿Dónde veo la tasa de defectos de mi tienda? Quiero revisarla antes de fin de mes."),
        V("es", "Jade", "De repente tengo una reserva activada en la cuenta y hay 6.000 € retenidos. No he recibido ninguna explicación.", "SL-552310"),
        V("es", "Obsidian", "Che, consulta rápida: ¿cómo pongo la tienda en vacaciones del 24 al 31 sin que se caigan las publicaciones?"),
        V("es", "Jade", "un cliente nos reclama que el celular vino bloqueado con la cuenta de Google, ya le pasamos el desbloqueo. solo queria dejar constancia"),
        V("fr", "Jade", "Bonjour, comment importer mes annonces en masse via un fichier CSV ?"),
        V("fr", "Obsidian", "Nous avons un souci de versement : 12 000 € en attente depuis dix jours. Pouvez-vous vérifier ?"),
        V("fr", "Jade", "Petite question : est-ce que les frais de port entrent dans la base de calcul de la commission ?"),
        V("fr", "Obsidian", "Nous souhaitons ouvrir la vente vers l'Allemagne et l'Autriche. Quelles sont les démarches de notre côté ?"),
        V("fr", "Jade", "Un acheteur a ouvert une réclamation Tendal Guard sur une commande de 2 400 €. On aimerait en parler avec notre chargé de compte."),
        V("de", "Obsidian", "Wie ändere ich die Rücksendeadresse für alle meine Angebote auf einmal?"),
        V("de", "Jade", "Unsere Auszahlung ist diese Woche deutlich niedriger als erwartet, es fehlen ca. 3.000 €. Bitte prüfen."),
        V("de", "Jade", "Kurze Frage: Kann ich für Zubehör Mengenrabatte einstellen?"),
    ],
}
