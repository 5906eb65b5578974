# Hand-off messages for the Brasa tuning set, written by hand.
# Each entry: text, role, category, language, optional tier (vendor rows) and
# optional account (only when the text quotes the sender's account number).
# The comment after each entry gives the country / variety the text imitates.


def H(text, role, category, language, tier=None, account=None):
    row = {"text": text, "role": role}
    if tier is not None:
        row["tier"] = tier
    if account is not None:
        row["account"] = account
    row["category"] = category
    row["language"] = language
    return row


HANDOFF = [
    # ------------------------------------------------------------------ legal
    H("Buenas tardes, ya levanté una queja formal ante PROFECO por el asador que nunca me llegó, pedido BR-30918274. Me dijeron que Brasa tiene que dar respuesta por escrito, ¿a quién se la hago llegar o ustedes ya están enterados?",
      "buyer", "legal", "es"),  # MX
    H("Hola, mi abogado me dijo que les mande una carta documento por la cafetera que me explotó y me quemó la mano. Necesito el domicilio legal de Brasa en Argentina, ¿me lo pasás?",
      "buyer", "legal", "es"),  # AR voseo
    H("Me llegó una notificación del SERNAC por un reclamo de un comprador, dice que tengo 10 días hábiles pa responder. Es por una venta hecha aquí, ¿ustedes me apoyan con eso o me las arreglo solo? Cuenta BV-204817",
      "vendor", "legal", "es", tier="Llama", account="BV-204817"),  # CL
    H("Buenos días, quiero ejercer mi derecho de habeas data y que me informen qué datos personales míos tienen guardados y con quién los han compartido, según la ley 1581 de 2012. Mi cuenta es BB-5521093",
      "buyer", "legal", "es", account="BB-5521093"),  # CO
    H("ya presente mi reclamo en Indecopi por el hervidor que me vendieron usado como si fuera nuevo, en Indecopi me piden que la plataforma mande su descargo, a que correo les digo que lo envien?",
      "buyer", "legal", "es"),  # PE
    H("Chamo me llegó un correo de un bufete diciendo que mi salsa 'Picante Arrecho' viola la marca de una empresa gringa y que si no bajo las publicaciones me demandan. Yo la registré primero en Venezuela. ¿Ustedes me van a borrar los productos?",
      "vendor", "legal", "es", tier="Chispa"),  # VE diaspora
    H("Solicito la supresión de todos mis datos personales conforme al artículo 17 del RGPD. No quiero seguir teniendo cuenta en Brasa ni que guardéis mi historial de pedidos ni de chats. Cuenta BB-7730418. Espero confirmación por escrito en el plazo legal.",
      "buyer", "legal", "es", account="BB-7730418"),  # ES
    H("Soy titular de la marca registrada 'Comal Dorado' ante el IMPI y hay tres tiendas en su plataforma vendiendo copias con mi logo. Quiero presentar una reclamación formal de propiedad intelectual, ya tengo el título de registro escaneado.",
      "vendor", "legal", "es", tier="Llama"),  # MX
    H("che me llegó una cédula del juzgado porque un comprador me demandó por una parrilla que según él se le partió, y en la demanda también los nombran a ustedes como codemandados. Cómo sigue esto? tengo que presentarme con abogado?",
      "vendor", "legal", "es", tier="Chispa"),  # AR
    H("He puesto una reclamación en la OMIC de mi ayuntamiento por una freidora de aire defectuosa y me dicen que tanto la tienda como la plataforma tienen que contestar. ¿Os ha llegado algo? Pedido BR-11873460",
      "buyer", "legal", "es"),  # ES
    H("Bonjour, par la présente je vous mets en demeure de me rembourser le robot pâtissier (commande BR-52091837) sous 8 jours, faute de quoi je saisirai le tribunal judiciaire. Mon avocate est en copie de ce message.",
      "buyer", "legal", "fr"),  # FR
    H("En vertu de l'article 15 du RGPD, je demande une copie de toutes les données que Brasa détient sur moi, y compris les enregistrements du chat et les données de paiement. Compte BB-3318265. Merci de me répondre dans le délai légal.",
      "buyer", "legal", "fr", account="BB-3318265"),  # BE
    H("On a reçu un courrier d'avocat au nom d'une marque de couteaux japonais, ils disent que nos photos leur appartiennent et réclament des dommages et intérêts. Nos annonces sont toujours en ligne, on fait quoi ?",
      "vendor", "legal", "fr", tier="Llama"),  # FR
    H("j'ai fait un signalement sur SignalConso contre un vendeur qui vend des poêles soi-disant 'sans PFAS' alors que c'est faux, la DGCCRF m'a conseillé de vous prévenir officiellement, je vous envoie le dossier où ?",
      "buyer", "legal", "fr"),  # FR
    H("Bonjour, la police de Liège m'a convoquée comme témoin dans une affaire de colis volés et ils veulent les données d'expédition de mes ventes Brasa du mois de mars. Je peux leur donner moi-même ou c'est à vous de transmettre ?",
      "vendor", "legal", "fr", tier="Chispa"),  # BE
    H("Guten Tag, ich habe meinen Anwalt eingeschaltet wegen des Kontaktgrills, der einen Kurzschluss hatte und die Arbeitsplatte verkohlt hat (Bestellung BR-66120943). Bitte nennen Sie mir eine ladungsfähige Anschrift für Zustellungen.",
      "buyer", "legal", "de"),  # DE
    H("Servus, ich verlange gemäß DSGVO die Löschung meines Kontos BB-4409172 und aller dazu gespeicherten Daten, inkl. Lieferadressen. Bitte um schriftliche Bestätigung.",
      "buyer", "legal", "de", account="BB-4409172"),  # AT
    H("Wir haben eine Abmahnung von einer Kanzlei gekriegt, weil in einem Angebot der Markenname eines Herstellers für unsere eigenen Grillroste steht. Frist ist Freitag. Muss Brasa da auch was unterschreiben oder machen wir das allein?",
      "vendor", "legal", "de", tier="Llama"),  # DE

    # --------------------------------------------------------- sensitive_data
    H("no me deja pagar el molcajete, ya lo intente 3 veces, mi tarjeta es 4242 4242 4242 4242 vence 08/27, en el banco dicen q el error es de ustedes",
      "buyer", "sensitive_data", "es"),  # MX
    H("Hola! no puedo entrar a mi cuenta, uso el mail lu.ferreyra88@gmail.com y la contraseña Asado2024!! , fijate vos qué pasa porque me tira datos incorrectos todo el tiempo",
      "buyer", "sensitive_data", "es"),  # AR
    H("Para el formulario de vendedor me pide el RUT y no me lo acepta: 16.543.287-8. También puse la clave del SII por si acaso, es Pehuen.2023, ¿qué estoy haciendo mal?",
      "vendor", "sensitive_data", "es", tier="Chispa"),  # CL
    H("me llegó un código por mensaje 482913 para confirmar el pago con Nequi, se los paso para que ustedes terminen la compra porque la app se me cerró",
      "buyer", "sensitive_data", "es"),  # CO
    H("Buenas noches, mi DNI es 45872139 y pagué con la visa 4000 0566 5566 5556, necesito factura a mi nombre por la cafetera, gracias de antemano",
      "buyer", "sensitive_data", "es"),  # PE
    H("epa para verificar la cuenta me piden documento, yo soy venezolano y lo que tengo vigente es el pasaporte, el número es 145893267, lo pueden cargar ustedes? la foto no sube",
      "buyer", "sensitive_data", "es"),  # VE diaspora
    H("Hola, quiero cambiar la cuenta donde me pagáis, la nueva es ES91 2100 0418 4502 0005 1332 a nombre de Marta Ruiz Pons. ¿Lo podéis cambiar vosotros? Desde la app me da error.",
      "vendor", "sensitive_data", "es", tier="Chispa"),  # ES
    H("el repartidor me pidió el DNI para entregar la cafetera y no lo tenía a mano, os lo dejo aquí para que conste: 48291736Q, que lo vuelva a traer mañana porfa",
      "buyer", "sensitive_data", "es"),  # ES
    H("Les paso mi CLABE para los depósitos de Ascua porque en el portal no me deja guardarla: 002180700123456788, es de Banamex a nombre de Rosa Elena Cuevas",
      "vendor", "sensitive_data", "es", tier="Llama"),  # MX
    H("Te paso los datos de la tarjeta así me cobran en 6 cuotas, que en la web no me aparece la opción: 5105 1051 0510 5100, venc 11/26, código 341. Gracias genio",
      "buyer", "sensitive_data", "es"),  # AR
    H("bonjour j'arrive pas à payer en 3x avec klarna, je vous donne ma carte direct : 4012 8888 8888 1881 exp 04/28 cryptogramme 512, vous pouvez faire le paiement de votre côté ?",
      "buyer", "sensitive_data", "fr"),  # FR
    H("Pour la garantie de la machine à café le vendeur veut une pièce d'identité, voici mon numéro de sécu : 1 85 05 78 006 084 91. Vous pouvez lui transmettre ?",
      "buyer", "sensitive_data", "fr"),  # FR
    H("Voici mon nouveau numéro de compte pour les virements : BE68 5390 0754 7034. Pouvez-vous le mettre à jour une fois ? Ça ne marche pas depuis mon GSM.",
      "vendor", "sensitive_data", "fr", tier="Chispa"),  # BE
    H("Le transporteur me demande mon numéro de registre national pour livrer le barbecue à gaz, alors je vous le note ici : 85.07.30-033.28. Vous pouvez le lui donner ?",
      "buyer", "sensitive_data", "fr"),  # BE
    H("j'ai reçu le code 739204 par sms, je vous le donne pour que vous débloquiez mon compte, et mon mot de passe c'est Chouquette75 au cas où",
      "buyer", "sensitive_data", "fr"),  # FR
    H("Hallo, Klarna hat meine Lastschrift nicht eingezogen, hier nochmal meine IBAN DE89 3704 0044 0532 0130 00, bitte einfach nochmal abbuchen, danke",
      "buyer", "sensitive_data", "de"),  # DE
    H("Grüß Gott, für die Verkäuferverifizierung schicke ich Ihnen meine Reisepassnummer P4382915, weil der Upload am Handy nicht geht. Passt das so?",
      "vendor", "sensitive_data", "de", tier="Chispa"),  # AT
    H("Karte wird immer abgelehnt: 5200 8282 8282 8210, gültig bis 09/27, Prüfnummer 774. Könnt ihr das manuell buchen?",
      "buyer", "sensitive_data", "de"),  # DE

    # ---------------------------------------------------------- human_request
    H("quiero hablar con una persona de verdad, no con un robot porfa",
      "buyer", "human_request", "es"),  # MX
    H("Che, ¿hay alguien de carne y hueso del otro lado o es todo bot? Necesito que me atienda una persona",
      "buyer", "human_request", "es"),  # AR
    H("Oiga, ¿me puede llamar alguien? Prefiero explicarlo por teléfono, por escrito me enredo entero. Mi número es +56 9 8765 4321",
      "vendor", "human_request", "es", tier="Llama"),  # CL
    H("Qué pena con usted pero prefiero que me atienda un asesor humano, ya le di vueltas a las preguntas frecuentes y nada",
      "buyer", "human_request", "es"),  # CO
    H("ya pe, pásame con un operador",
      "buyer", "human_request", "es"),  # PE
    H("Mira pana, llevo media hora con esta vaina de chat automático, ¿hay manera de que me atienda un ser humano de soporte?",
      "buyer", "human_request", "es"),  # VE
    H("Buenas, ¿me podéis pasar con un agente? Es un tema un poco largo de contar.",
      "buyer", "human_request", "es"),  # ES
    H("Soy vendedor, cuenta BV-318840. Necesito hablar con alguien del equipo de vendedores, no con el asistente.",
      "vendor", "human_request", "es", tier="Chispa", account="BV-318840"),  # ES
    H("Oye, mejor que alguien me marque al rato, tipo 5 de la tarde, mi cel es 55 1234 9876",
      "buyer", "human_request", "es"),  # MX
    H("Mirá, no me sirve la respuesta automática, quiero que una persona revise mi caso y me conteste ella",
      "vendor", "human_request", "es", tier="Llama"),  # AR
    H("Je voudrais parler à un conseiller svp",
      "buyer", "human_request", "fr"),  # FR
    H("Est-ce que quelqu'un peut me téléphoner ? Je préfère expliquer de vive voix. Mon GSM : 0475 12 34 56",
      "buyer", "human_request", "fr"),  # BE
    H("y a quelqu'un de réel derrière ce chat ou c'est que de l'IA ? j'aimerais échanger avec un humain du service vendeurs",
      "vendor", "human_request", "fr", tier="Llama"),  # FR
    H("Ras le bol des réponses toutes faites, passez-moi un vrai interlocuteur",
      "buyer", "human_request", "fr"),  # FR
    H("Je préférerais avoir quelqu'un en ligne, une vraie personne, pas un programme. C'est possible maintenant ?",
      "buyer", "human_request", "fr"),  # BE
    H("Ich möchte bitte mit einem Mitarbeiter sprechen.",
      "buyer", "human_request", "de"),  # DE
    H("Kann mich wer zurückrufen? Schreiben ist mir zu mühsam. 0664 123 45 67",
      "buyer", "human_request", "de"),  # AT
    H("Gibt's bei euch auch echte Menschen im Support? Ich bräuchte jemanden aus dem Händlerteam, der sich das anschaut",
      "vendor", "human_request", "de", tier="Chispa"),  # DE

    # ------------------------------------------------------------------ fraud
    H("Alguien entró a mi cuenta y cambió la dirección de envío!! hizo dos pedidos de parrillas para Monterrey que yo no hice. BB-2209841",
      "buyer", "fraud", "es", account="BB-2209841"),  # MX
    H("Me aparece en el resumen de la tarjeta un cargo de Brasa por $187.000 que no reconozco, yo no compré nada este mes, ¿qué onda eso?",
      "buyer", "fraud", "es"),  # AR
    H("El vendedor me dijo que le transfiriera directo a su cuenta pa' hacerme descuento y ahora no contesta ni manda el ahumador. Le pasé 180 lucas, cachai. ¿Me cagaron?",
      "buyer", "fraud", "es"),  # CL
    H("Parce me llegó un whatsapp de 'Brasa soporte' y les di el código que me mandaron, ahora no puedo entrar a la cuenta y aparece un pedido raro de una freidora",
      "buyer", "fraud", "es"),  # CO
    H("Compré un cuchillo supuestamente japonés original y me llegó una imitación barata, el grabado está chueco y la caja tiene faltas de ortografía. Pedido BR-73021845",
      "buyer", "fraud", "es"),  # PE
    H("Epa, me entró un pedido de 6 planchas eléctricas para una dirección distinta a la del comprador, el nombre de la tarjeta no coincide y el tipo me escribió por fuera apurándome. Eso huele a tarjeta robada, ¿lo despacho o no?",
      "vendor", "fraud", "es", tier="Llama"),  # VE diaspora
    H("Un comprador me manda una captura de un Bizum diciendo que ya me ha pagado aparte para que le envíe la cafetera, pero en Ascua no aparece nada y la captura tiene pinta de montaje.",
      "vendor", "fraud", "es", tier="Chispa"),  # ES
    H("Me devolvieron una batidora que no es la que yo vendí, es un modelo viejo y quemado metido en mi caja original, y el comprador ya está pidiendo su reembolso",
      "vendor", "fraud", "es", tier="Llama"),  # MX
    H("Me ha llamado un tal 'Javier de Brasa' diciendo que mi pedido estaba retenido en aduanas y que tenía que pagar 35 euros por un enlace. Lo he pagado con la tarjeta y ahora me da mala espina.",
      "buyer", "fraud", "es"),  # ES
    H("alguien me cambió el CBU en la cuenta de vendedor y el pago de esta semana se fue a otro lado!! yo no toqué nada. BV-552019",
      "vendor", "fraud", "es", tier="Chispa", account="BV-552019"),  # AR
    H("Je vois deux prélèvements Brasa sur mon compte alors que je n'ai rien commandé depuis des mois, quelqu'un utilise ma carte ?",
      "buyer", "fraud", "fr"),  # FR
    H("J'ai cliqué sur un lien 'Brasa - confirmez votre colis' et j'ai rentré mes coordonnées bancaires... je crois que c'était une arnaque, je fais quoi maintenant ?",
      "buyer", "fraud", "fr"),  # BE
    H("La cocotte en fonte « de marque » que j'ai reçue est une contrefaçon, aucun doute : logo de travers, émail qui s'écaille déjà, poids ridicule.",
      "buyer", "fraud", "fr"),  # FR
    H("Un acheteur m'a renvoyé un faux : à la place de mon moulin à poivre en olivier il y a une copie en plastique peinte. Et il a déjà réclamé son remboursement.",
      "vendor", "fraud", "fr", tier="Chispa"),  # FR
    H("Quelqu'un se fait passer pour ma boutique et contacte mes clients pour leur demander de payer par virement, plusieurs m'ont transféré les messages",
      "vendor", "fraud", "fr", tier="Llama"),  # BE
    H("Mein Passwort wurde geändert, nicht von mir, und jetzt sind da Bestellungen über 600 € drin, die ich nie gemacht hab",
      "buyer", "fraud", "de"),  # DE
    H("Hab eine Bestellung über 4 Espressomaschinen, Lieferadresse ist eine Packstation in Deutschland, das Käuferkonto ist 2 Tage alt und er drängt per Mail auf Express. Riecht für mich nach gestohlener Karte.",
      "vendor", "fraud", "de", tier="Llama"),  # AT
    H("Ich war echt blöd. Der Verkäufer vom Smoker hat mir im Chat geschrieben, wenn ich per PayPal Freunde direkt an ihn zahle, spar ich 80 €, weil er sich die Gebühren spart. Hab ich gemacht, 420 € insgesamt. Seitdem antwortet er nicht mehr, das Angebot ist gelöscht und sein Shop auch. PayPal sagt, bei Freunden gibt's keinen Käuferschutz. Hab ich bei euch noch irgendeine Chance oder ist das Geld weg?",
      "buyer", "fraud", "de"),  # DE

    # ------------------------------------------------------------- chargeback
    H("Ya hablé con Banorte para desconocer el cargo del asador porque el vendedor nunca me respondió, pedido BR-48203391, nomás para que estén enterados",
      "buyer", "chargeback", "es"),  # MX
    H("Si no me devuelven la guita de la freidora en 48 hs hago el contracargo con la tarjeta, quedan avisados",
      "buyer", "chargeback", "es"),  # AR
    H("Abrí una disputa con Mercado Pago por la cafetera que llegó rota y ahora me sale que el caso está en revisión, ¿ustedes también tienen que hacer algo o espero no más?",
      "buyer", "chargeback", "es"),  # CL
    H("Me hicieron un contracargo de un pedido que sí entregué, tengo la guía firmada, y me descontaron la plata del saldo de Ascua. Cuenta BV-640273",
      "vendor", "chargeback", "es", tier="Chispa", account="BV-640273"),  # CO
    H("mi banco interbank ya me hizo el extorno del pago porque el producto nunca llegó, ahora me van a cancelar la cuenta o qué pasa?",
      "buyer", "chargeback", "es"),  # PE
    H("Chamo te cuento, compré una plancha de hierro fundido hace como cinco semanas, el seguimiento se quedó pegado en 'en tránsito' desde el día 3 y el vendedor solo me decía paciencia, paciencia. Ya me cansé y puse el reclamo en PayPal, y ahora el vendedor me escribe que ustedes son los que tienen que liberar el pago y que él no puede hacer nada. ¿Entonces quién me responde a mí? Yo lo que quiero es mi plata o mi plancha",
      "buyer", "chargeback", "es"),  # VE diaspora
    H("He pedido a mi banco que me devuelva el cargo de 129,90 € porque la barbacoa llegó sin patas y aquí nadie me contesta. Os lo digo para que lo sepáis.",
      "buyer", "chargeback", "es"),  # ES
    H("Me ha llegado un aviso de que Ascua me retiene 240 € por una 'disputa de pago' de un pedido de hace dos meses. ¿Qué pruebas tengo que subir y hasta cuándo tengo?",
      "vendor", "chargeback", "es", tier="Llama"),  # ES
    H("me quitaron de mi saldo un pago por contracargo de un cliente que ya había recibido su comal y hasta me dejó 5 estrellas, no entiendo nada",
      "vendor", "chargeback", "es", tier="Chispa"),  # MX
    H("Inicié un reclamo en Mercado Pago porque me cobraron dos veces las cuotas del horno eléctrico, el resumen viene con los dos débitos",
      "buyer", "chargeback", "es"),  # AR
    H("J'ai fait opposition et contesté le paiement auprès de ma banque pour la commande BR-29610457, le vendeur refuse tout échange.",
      "buyer", "chargeback", "fr"),  # FR
    H("Sans réponse d'ici vendredi, je demande à ma banque d'annuler le paiement Bancontact, je vous préviens.",
      "buyer", "chargeback", "fr"),  # BE
    H("Un client a fait un chargeback sur une commande livrée en point relais avec preuve de retrait, on m'a débité 89 € + 15 € de frais. Je conteste comment ?",
      "vendor", "chargeback", "fr", tier="Chispa"),  # FR
    H("J'ai ouvert un litige PayPal pour le robot qui ne s'allume pas, le vendeur me dit que je dois d'abord passer par vous, c'est vrai ?",
      "buyer", "chargeback", "fr"),  # FR
    H("Klarna m'informe qu'un acheteur conteste une vente et mon virement de la semaine est bloqué à cause de ça",
      "vendor", "chargeback", "fr", tier="Llama"),  # BE
    H("Ich habe bei meiner Bank eine Rückbuchung für den Pizzaofen veranlasst, weil seit 5 Wochen nichts kommt.",
      "buyer", "chargeback", "de"),  # DE
    H("Hab bei Klarna den Fall gemeldet und die Zahlung pausiert, der Händler rührt sich nicht. Bestellung BR-55018736",
      "buyer", "chargeback", "de"),  # AT
    H("Bei mir wurde eine Rückbuchung vom Auszahlungsguthaben abgezogen, Käufer behauptet Ware nicht erhalten, DHL sagt zugestellt. Was muss ich hochladen?",
      "vendor", "chargeback", "de", tier="Chispa"),  # DE

    # --------------------------------------------------------- split_shipment
    H("Pedí la parrilla, el carbón y las pinzas en un solo carrito, eran de 3 tiendas distintas. Llegaron dos cajas, falta el carbón y el rastreo dice entregado. ¿A quién le reclamo?",
      "buyer", "split_shipment", "es"),  # MX
    H("Me llegó el pedido en dos paquetes, uno con el set de cuchillos joya y el otro con la tabla partida al medio. El vendedor de la tabla dice que el despacho lo hizo el otro, ¿quién se hace cargo?",
      "buyer", "split_shipment", "es"),  # AR
    H("En la compra del carro con cosas de dos vendedores me cobraron el envío dos veces y encima falta la salsa, no cacho nada",
      "buyer", "split_shipment", "es"),  # CL
    H("Ordené una olla arrocera y unas especias de otro vendedor en la misma orden BR-60274519, llegó una sola caja con la olla abollada y sin especias",
      "buyer", "split_shipment", "es"),  # CO
    H("Un cliente compró en la misma orden mi ají panca y una licuadora de otro vendedor, dice que le faltó 'una parte' y me reclama a mí, pero yo mandé todo completito",
      "vendor", "split_shipment", "es", tier="Chispa"),  # PE
    H("el pedido venía partido en 3 envíos, me llegaron 2 y el tercero sale como devuelto al remitente pero no sé de cuál de las tiendas era, qué vaina",
      "buyer", "split_shipment", "es"),  # VE diaspora
    H("Hice un pedido con café de un tostador y un molinillo de otra tienda, me ha llegado el molinillo dos veces y el café ni rastro; en el extracto me salen tres cargos",
      "buyer", "split_shipment", "es"),  # ES
    H("Me reclaman por una olla exprés rota que no vendí yo, venía en el mismo paquete consolidado con mis especias desde el almacén de Brasa Envios",
      "vendor", "split_shipment", "es", tier="Llama"),  # ES
    H("el pedido BR-81930264 venía en 2 partes, la primera llegó bien, la segunda dice entregado en otra sucursal y el vendedor dice q él ya cumplió",
      "buyer", "split_shipment", "es"),  # MX
    H("En una orden compartida con otra tienda me descontaron la devolución completa, incluido lo que vendió el otro vendedor. Eso no es mío",
      "vendor", "split_shipment", "es", tier="Chispa"),  # AR
    H("Commande avec 3 vendeurs : j'ai reçu 2 colis sur 3, le suivi du troisième est bloqué depuis 10 jours et personne ne sait qui l'a expédié",
      "buyer", "split_shipment", "fr"),  # FR
    H("J'ai été débitée deux fois pour une même commande groupée (plancha + épices de deux vendeurs différents), et en plus les épices manquent.",
      "buyer", "split_shipment", "fr"),  # BE
    H("Un client me demande un remboursement parce que le 2e colis de sa commande, pas le mien mais celui d'un autre vendeur, est arrivé écrasé",
      "vendor", "split_shipment", "fr", tier="Chispa"),  # FR
    H("Les deux colis de la commande BR-37702158 sont arrivés le même jour mais il manque le couvercle de la sauteuse, un vendeur dit que c'est l'autre qui devait l'envoyer",
      "buyer", "split_shipment", "fr"),  # FR
    H("colis partagé entre deux boutiques, une boîte est arrivée toute mouillée avec le café fichu et la bouilloire rouillée, les deux vendeurs se renvoient la balle",
      "buyer", "split_shipment", "fr"),  # BE
    H("Meine Bestellung war auf zwei Händler aufgeteilt, ein Paket kam, das andere nie, und den Versand hat man mir doppelt berechnet.",
      "buyer", "split_shipment", "de"),  # DE
    H("Teillieferung: Messerblock ist da, Messer fehlen. Laut Händler 1 sollte Händler 2 liefern, der sagt, er hat nix damit zu tun.",
      "buyer", "split_shipment", "de"),  # AT
    H("In einer Sammelbestellung mit einem anderen Verkäufer fehlt beim Kunden ein Artikel und mir wird das Geld abgezogen, obwohl mein Teil vollständig zugestellt wurde",
      "vendor", "split_shipment", "de", tier="Llama"),  # DE

    # ---------------------------------------------------------- threats_abuse
    H("El vendedor es un pinche ratero, si no me manda el asador voy a ir a su taller, ya sé dónde vive, a ver si así sí contesta",
      "buyer", "threats_abuse", "es"),  # MX
    H("Un comprador me escribe a toda hora, me insulta, me dijo 'negra de mierda' y ahora consiguió mi número personal y me manda audios. Tengo miedo, no sé qué hacer",
      "vendor", "threats_abuse", "es", tier="Chispa"),  # AR
    H("son unos ladrones culiaos todos ustedes, ojalá se les queme la bodega entera",
      "buyer", "threats_abuse", "es"),  # CL
    H("Un cliente publicó en Instagram la dirección de mi casa y una foto de la fachada porque según él le vendí una cafetera mala. Mi familia está asustada",
      "vendor", "threats_abuse", "es", tier="Llama"),  # CO
    H("Oigan, el vendedor me amenazó: si no quito mi reseña negativa va a publicar mi dirección y mis datos en Facebook. ¿Eso está permitido??",
      "buyer", "threats_abuse", "es"),  # PE
    H("Ya no aguanto más. Me bloquearon la cuenta, perdí las ventas del mes, debo el alquiler y siento que lo mejor sería desaparecer, no le veo sentido a seguir.",
      "vendor", "threats_abuse", "es", tier="Chispa"),  # VE diaspora (self-harm statement)
    H("El de la tienda de cuchillos me ha escrito por Instagram después de dejarle una reseña de 2 estrellas, me llama gilipollas y dice que sabe dónde trabajo.",
      "buyer", "threats_abuse", "es"),  # ES
    H("Un comprador me amenaza con 'ir a buscarme' a la feria donde tengo el puesto si no le devuelvo el dinero de una paellera eléctrica que rompió él mismo",
      "vendor", "threats_abuse", "es", tier="Chispa"),  # ES
    H("ya me tienen hasta la madre, bola de inútiles, si no resuelven les juro que voy a sus oficinas a romperles todo",
      "buyer", "threats_abuse", "es"),  # MX
    H("Un vendedor me sigue mandando mensajes por el chat de Brasa después de que cancelé la compra, me dice cosas sexuales y no para",
      "buyer", "threats_abuse", "es"),  # AR
    H("Ce vendeur est un escroc de première, je connais son adresse et je vais aller lui expliquer ma façon de penser avec des potes",
      "buyer", "threats_abuse", "fr"),  # FR
    H("Une cliente m'insulte dans la messagerie depuis trois jours, elle m'a traitée de grosse vache et menace de me faire une réputation pourrie partout",
      "vendor", "threats_abuse", "fr", tier="Chispa"),  # BE
    H("Le vendeur m'a répondu 'va te faire foutre connasse' quand j'ai demandé où était mon colis. C'est normal ça ?",
      "buyer", "threats_abuse", "fr"),  # FR
    H("Un acheteur mécontent a posté mon nom complet, mon adresse perso et des photos de ma maison sur un groupe Facebook de 20 000 membres",
      "vendor", "threats_abuse", "fr", tier="Llama"),  # FR
    H("Bande de voleurs, incapables, je vais vous pourrir sur tous les réseaux et si je croise un de vos livreurs il va comprendre sa douleur",
      "buyer", "threats_abuse", "fr"),  # BE
    H("Der Verkäufer droht mir, er würde mich 'finden', wenn ich meine 1-Stern-Bewertung nicht lösche. Meine Adresse hat er ja vom Versand.",
      "buyer", "threats_abuse", "de"),  # DE
    H("Oida, ein Kunde beschimpft mich seit Tagen als Betrüger und Vollkoffer und schreibt mir jetzt auch privat auf WhatsApp, wie kommt der an meine Nummer?",
      "vendor", "threats_abuse", "de", tier="Chispa"),  # AT
    H("Ihr seid doch alle komplett unfähig, ihr Idioten, ich komm bei euch vorbei und dann knallt's",
      "buyer", "threats_abuse", "de"),  # DE

    # ------------------------------------------------------- policy_exception
    H("Ya pasaron 35 días pero estuve de viaje y no pude devolver la licuadora, ¿me la pueden aceptar aunque sea tarde? Sería un paro enorme",
      "buyer", "policy_exception", "es"),  # MX
    H("Se me venció el cupón de bienvenida ayer a la noche, ¿me lo pueden reactivar? Porfa, es para el regalo de mi viejo",
      "buyer", "policy_exception", "es"),  # AR
    H("Tengo una reserva del 10% retenida y necesito esa plata ahora pa comprar stock para las Fiestas Patrias, ¿me la pueden liberar antes?",
      "vendor", "policy_exception", "es", tier="Llama"),  # CL
    H("Pagué con tarjeta de crédito pero ya la cancelé, ¿me pueden devolver la plata a mi Nequi mejor? me queda más fácil",
      "buyer", "policy_exception", "es"),  # CO
    H("me cobraron cargo por envío tardío en 4 pedidos, fue por el paro de transportistas en Lima, ¿me lo pueden condonar solo esta vez?",
      "vendor", "policy_exception", "es", tier="Chispa"),  # PE
    H("Abrí el paquete de café y no me gustó el sabor, sé que no aceptan devoluciones de comida abierta pero ¿no pueden hacer una excepción? Me costó un ojo de la cara",
      "buyer", "policy_exception", "es"),  # VE diaspora
    H("¿Podéis adelantarme el pago de Ascua de esta semana? Tengo que pagar al proveedor el viernes y el saldo sigue en periodo de retención",
      "vendor", "policy_exception", "es", tier="Chispa"),  # ES
    H("Ya me rechazaron la apelación del Escudo Brasa por el horno, pero tengo fotos nuevas, ¿se puede revisar una segunda vez?",
      "buyer", "policy_exception", "es"),  # ES
    H("Quiero que me suban el límite de publicaciones, soy Chispa y con 50 productos me quedo corto, ¿me pueden dar más aunque todavía no suba de nivel?",
      "vendor", "policy_exception", "es", tier="Chispa"),  # MX
    H("La promo de 12 cuotas sin interés terminó el domingo y yo compré el lunes a la mañana, ¿no me la pueden aplicar igual? Fueron unas horas",
      "buyer", "policy_exception", "es"),  # AR
    H("Le délai de retour est dépassé de 4 jours pour la machine à pâtes, j'étais hospitalisé. Est-ce que vous pouvez exceptionnellement l'accepter ?",
      "buyer", "policy_exception", "fr"),  # FR
    H("Mon bon d'achat de 15 € a expiré le 31, vous ne pourriez pas me le prolonger d'une semaine ?",
      "buyer", "policy_exception", "fr"),  # BE
    H("Est-il possible de lever la réserve de 10 % sur mon compte ? Je vends depuis 8 mois sans aucun litige",
      "vendor", "policy_exception", "fr", tier="Llama"),  # FR
    H("Je voudrais que vous annuliez les frais de retard d'expédition de la semaine passée, la grève chez bpost n'était pas de ma faute",
      "vendor", "policy_exception", "fr", tier="Chispa"),  # BE
    H("J'ai clôturé le compte bancaire lié à ma carte, pouvez-vous rembourser la friteuse sur mon PayPal à la place ?",
      "buyer", "policy_exception", "fr"),  # FR
    H("Kann ich den Wasserkocher noch zurückschicken? Sind 33 Tage, ich weiß, aber ich war krank. Ausnahmsweise vielleicht?",
      "buyer", "policy_exception", "de"),  # DE
    H("Könnt ihr mir die Auszahlung heuer vor Weihnachten früher schicken? Die Wartezeit passt mir grad überhaupt nicht",
      "vendor", "policy_exception", "de", tier="Llama"),  # AT
    H("Die Gewürzmischung hab ich aufgemacht und sie schmeckt mir einfach nicht. Weiß, dass geöffnete Lebensmittel nicht zurückgehen, aber geht da eine Ausnahme?",
      "buyer", "policy_exception", "de"),  # DE

    # --------------------------------------------------- vendor_buyer_dispute
    H("El vendedor dice que el comal ya venía rayado en las fotos y que no me acepta la devolución, pero en las fotos no se ve nada. Ya le mandé video y ni así",
      "buyer", "vendor_buyer_dispute", "es"),  # MX
    H("El comprador dice que la parrilla llegó oxidada, yo le mandé fotos del embalaje antes de despachar y estaba impecable. Me pide la plata y encima quiere quedarse la parrilla.",
      "vendor", "vendor_buyer_dispute", "es", tier="Llama"),  # AR
    H("El vendedor no me quiere cambiar la tetera porque dice que la usé, y yo solo la saqué de la caja pa ver el color",
      "buyer", "vendor_buyer_dispute", "es"),  # CL
    H("El cliente recibió el café, lo abrió y ahora dice que no es tostión media sino oscura y quiere reembolso. Le dije que comida abierta no se devuelve y me contestó que me va a calificar con una estrella",
      "vendor", "vendor_buyer_dispute", "es", tier="Chispa"),  # CO
    H("Le escribí al vendedor que la olla llegó sin la tapa y me responde que eso no incluía, pero en la publicación sale clarito con tapa",
      "buyer", "vendor_buyer_dispute", "es"),  # PE
    H("El comprador quiere que le devuelva también el envío y yo le dije que no porque él escogió el express, ahora me abrió reclamo, ¿quién tiene la razón?",
      "vendor", "vendor_buyer_dispute", "es", tier="Chispa"),  # VE diaspora
    H("La tienda me dice que la garantía de la freidora es cosa del fabricante y que me apañe, y el fabricante me dice que es la tienda. Llevo tres semanas así.",
      "buyer", "vendor_buyer_dispute", "es"),  # ES
    H("Un cliente quiere devolver un juego de sartenes después de usarlo en una barbacoa, se ve clarísimo el quemado, y dice que 'son defectuosas'. No pienso aceptarlo.",
      "vendor", "vendor_buyer_dispute", "es", tier="Llama"),  # ES
    H("El comprador me pide factura con sus datos fiscales 3 meses después y como le dije que ya no se puede timbrar, me abrió disputa",
      "vendor", "vendor_buyer_dispute", "es", tier="Chispa"),  # MX
    H("El vendedor me canceló la venta del horno porque 'se equivocó de precio' y ahora me lo quiere vender 40 lucas más caro. ¿Eso puede hacer?",
      "buyer", "vendor_buyer_dispute", "es"),  # AR
    H("Le vendeur refuse de reprendre la plancha alors qu'elle est encore dans son emballage, il dit que c'est un 'article sur commande'",
      "buyer", "vendor_buyer_dispute", "fr"),  # FR
    H("Bonjour, je vous explique : l'acheteur affirme que le moulin à café était incomplet, qu'il manquait la trémie. Moi j'ai la photo du colis ouvert avant fermeture et le ticket de pesée au dépôt bpost, 2,3 kg, exactement le poids avec la trémie. Je lui ai proposé de m'envoyer une photo du contenu avec l'étiquette, il refuse et exige le remboursement total sans renvoyer l'appareil. Je ne vais pas céder là-dessus, franchement.",
      "vendor", "vendor_buyer_dispute", "fr", tier="Llama"),  # BE
    H("j'ai reçu des épices périmées depuis 2 mois, la vendeuse dit que la date est 'indicative' et refuse de rembourser",
      "buyer", "vendor_buyer_dispute", "fr"),  # FR
    H("Une cliente me demande de lui rembourser les frais de port alors que c'est elle qui s'est trompée d'adresse. Je refuse, elle menace de laisser un avis négatif",
      "vendor", "vendor_buyer_dispute", "fr", tier="Chispa"),  # FR
    H("Le vendeur me propose un bon d'achat au lieu d'un remboursement pour la bouilloire qui fuit, je n'en veux pas, je veux mon argent",
      "buyer", "vendor_buyer_dispute", "fr"),  # BE
    H("Verkäufer behauptet, der Kratzer am Dutch Oven sei durch mich entstanden, war aber schon beim Auspacken da. Er verweigert den Umtausch.",
      "buyer", "vendor_buyer_dispute", "de"),  # DE
    H("Kunde will das Raclette-Gerät zurückgeben, weil's ihm zu laut ist, und verlangt auch die Hinsendekosten. Wir haben ihm gesagt, die gibt's nur bei einem Mangel.",
      "vendor", "vendor_buyer_dispute", "de", tier="Llama"),  # AT
    H("Händler sagt, die Garantie gilt nur mit Originalverpackung. Die hab ich nicht mehr, und jetzt weigert er sich, die Kaffeemühle zu reparieren.",
      "buyer", "vendor_buyer_dispute", "de"),  # DE

    # ------------------------------------------------------ high_value_vendor
    H("Buen día, la dispersión de Ascua del martes no ha caído en la cuenta, son como 240 mil pesos de la semana del Buen Fin. Cuenta BV-100482.",
      "vendor", "high_value_vendor", "es", tier="Fragua", account="BV-100482"),  # MX
    H("Desde el cambio de categorías de la semana pasada nuestras parrillas dejaron de aparecer en las búsquedas y las ventas cayeron a la mitad",
      "vendor", "high_value_vendor", "es", tier="Hoguera"),  # AR
    H("Hola, el ejecutivo de cuenta que nos asignaron no contesta correos hace dos semanas y tenemos campaña de CyberDay la próxima",
      "vendor", "high_value_vendor", "es", tier="Hoguera"),  # CL
    H("Buenas tardes. Les cuento que la carga masiva por CSV de nuestro catálogo, unos 1.200 productos entre ollas, sartenes y cafeteras, se cae en la fila 1 con un error de codificación que no dice nada más. El archivo es el mismo formato que subíamos igualito el mes pasado, UTF-8, mismas columnas, y lo probamos con otra plantilla también. Tenemos precios de temporada que deberían estar arriba desde el lunes y seguimos con los viejos.",
      "vendor", "high_value_vendor", "es", tier="Fragua"),  # CO
    H("Tenemos 40 envíos de ollas parados en el almacén del operador de Brasa Envios en Lima desde el lunes, sin ningún escaneo nuevo",
      "vendor", "high_value_vendor", "es", tier="Hoguera"),  # PE
    H("Epa, nos restringieron la cuenta de la tienda sin avisar, sale 'en revisión' y no podemos despachar los pedidos de hoy",
      "vendor", "high_value_vendor", "es", tier="Hoguera"),  # VE diaspora
    H("En las facturas de este mes la comisión ha pasado del 8 al 11 % sin ninguna comunicación previa. Somos Fragua desde hace dos años.",
      "vendor", "high_value_vendor", "es", tier="Fragua"),  # ES
    H("Buenas, nos han ocultado 30 fichas de cuchillos por 'contenido restringido' y son los mismos cuchillos de cocina de siempre",
      "vendor", "high_value_vendor", "es", tier="Hoguera"),  # ES
    H("oigan, el pago de la semana llegó incompleto, faltan como 38 mil y el desglose no cuadra con las órdenes entregadas. BV-117305",
      "vendor", "high_value_vendor", "es", tier="Hoguera", account="BV-117305"),  # MX
    H("La sincronización de stock por API nos devuelve 429 desde ayer y se nos están sobrevendiendo productos que ya no tenemos",
      "vendor", "high_value_vendor", "es", tier="Fragua"),  # AR
    H("Bonjour, notre virement Ascua de vendredi n'est pas arrivé (environ 18 000 €), compte BV-120954",
      "vendor", "high_value_vendor", "fr", tier="Fragua", account="BV-120954"),  # FR
    H("Depuis la mise à jour de mardi, toutes nos annonces de barbecues kamado sont masquées en Belgique, on ne les voit plus qu'en France",
      "vendor", "high_value_vendor", "fr", tier="Hoguera"),  # BE
    H("Notre chargée de compte ne répond plus depuis son départ en congé et personne n'a repris le dossier de nos promos de fin d'année",
      "vendor", "high_value_vendor", "fr", tier="Hoguera"),  # FR
    H("L'import en masse de notre catalogue (fichier XML) plante à 60 % depuis trois jours, toujours au même endroit",
      "vendor", "high_value_vendor", "fr", tier="Fragua"),  # FR
    H("Nos ventes ont chuté de 40 % depuis que vous avez changé le classement des résultats, rien n'a bougé de notre côté",
      "vendor", "high_value_vendor", "fr", tier="Hoguera"),  # BE
    H("Unsere Auszahlung über Ascua ist seit Montag überfällig, rund 27.000 €. Konto BV-131866",
      "vendor", "high_value_vendor", "de", tier="Fragua", account="BV-131866"),  # DE
    H("Seit der Gebührenumstellung zahlen wir auf Elektrogeräte auf einmal 3 % mehr, angekündigt wurde nix",
      "vendor", "high_value_vendor", "de", tier="Hoguera"),  # AT
    H("Unser Konto ist eingeschränkt, wir können keine neuen Angebote einstellen. Ein Grund steht nirgends.",
      "vendor", "high_value_vendor", "de", tier="Hoguera"),  # DE
]
