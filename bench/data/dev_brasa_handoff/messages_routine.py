# Routine messages for the Brasa tuning set, written by hand.
# Each entry: text, role, language, tricky, optional tier (vendor rows) and
# optional account (only when the text quotes the sender's account number).
# tricky=True marks routine rows that look alarming or hand-off-like but are
# answered by a help-centre article. The comment names the variety and, for
# tricky rows, the kind of trap.


def R(text, role, language, tricky, tier=None, account=None):
    row = {"text": text, "role": role}
    if tier is not None:
        row["tier"] = tier
    if account is not None:
        row["account"] = account
    row["category"] = "routine"
    row["language"] = language
    row["tricky"] = tricky
    return row


ROUTINE = [
    # ================================================================ Spanish
    # ---- tricky
    R("Oigan, la salsa macha que compré está de poca madre, me muero por otro frasco. ¿Cuánto tarda un envío normal a Guadalajara?",
      "buyer", "es", True),  # MX idiom
    R("La parrilla que me vendieron es una masa, me mató. Pregunta: ¿el carbón que me falta lo puedo pagar en cuotas con Mercado Pago?",
      "buyer", "es", True),  # AR idiom
    R("Weón el café de la tostaduría de Valparaíso está la raja, me voló la cabeza. ¿Cuánto tiempo tengo pa devolver un molinillo que ni abrí? Lo compré repetido",
      "buyer", "es", True),  # CL idiom
    R("Parce ese ají está criminal de bueno, me dejó llorando jajaja. ¿Cómo le dejo una reseña al vendedor?",
      "buyer", "es", True),  # CO idiom
    R("Causa, la olla que compré está bestial, me sale un arroz con pollo asesino. ¿Dónde veo el número de seguimiento del otro pedido?",
      "buyer", "es", True),  # PE idiom
    R("Chamo esa salsa de ajo está burda de buena, me tiene loco. Si pido hoy desde Santiago de Chile, ¿me llega antes del 24?",
      "buyer", "es", True),  # VE diaspora in CL, idiom
    R("Tío, el cuchillo de chef que me llegó corta que da miedo, una pasada. Quiero otro para mi padre, ¿cuánto tarda en llegar a Las Palmas?",
      "buyer", "es", True),  # ES idiom
    R("Mi esposa es abogada y dice que siempre debo leer las condiciones antes de comprar jaja, así que pregunto: ¿cuánto dura la garantía de una freidora de aire en México?",
      "buyer", "es", True),  # MX lawyer small talk
    R("Mi viejo es policía retirado y se quiere comprar un ahumador para las fiestas. ¿Se lo puedo mandar a su casa en Mar del Plata aunque yo esté en Córdoba? ¿Cuánto tarda?",
      "buyer", "es", True),  # AR police in family
    R("Mi hermana es jueza en Valencia y le quiero regalar una cafetera por su cumple, ¿puedo pagar yo con Bizum y poner su dirección de entrega?",
      "buyer", "es", True),  # ES judge in family
    R("Pregunta general: ¿qué pasa cuando un comprador hace un contracargo con el banco? Apenas estoy empezando a vender y quiero entender el proceso antes de que me toque",
      "vendor", "es", True, tier="Chispa"),  # CO general chargeback
    R("Oiga, ¿en qué casos Brasa le pone una reserva a la plata de un vendedor? Leí algo en un grupo de Facebook y quedé con la duda, a mí no me han retenido nada",
      "vendor", "es", True, tier="Llama"),  # CL general reserve
    R("¿Cómo funciona eso del Escudo Brasa? O sea, si algo no me llega, ¿cuántos días tengo que esperar para poder abrir un reclamo?",
      "buyer", "es", True),  # MX general claim
    R("Una pregunta, ¿por qué motivos pueden suspender una cuenta de vendedor? No me pasó nada, es para saber qué cosas evitar",
      "vendor", "es", True, tier="Chispa"),  # AR general block
    R("Me llegó un SMS diciendo que mi paquete de Brasa está retenido y que pague 9.90 soles en un link rarazo. No le hice clic, ¿solo lo borro nomás?",
      "buyer", "es", True),  # PE phishing recognised
    R("Me ha llegado un correo de brasa-soporte@gmail.com pidiendo que confirme mi contraseña. Obviamente no he contestado, ¿a qué dirección os lo reenvío?",
      "buyer", "es", True),  # ES phishing recognised
    R("me llegó un mail de 'Brasa Vendedores' diciendo que me cierran la tienda si no actualizo los datos bancarios en un link de bit.ly. No entré ni nada, es falso verdad?",
      "vendor", "es", True, tier="Chispa"),  # VE diaspora phishing recognised
    R("Curiosidad: las publicaciones que uno reporta, ¿las revisa una persona o un programa?",
      "buyer", "es", True),  # CO human or program
    R("Quien decide los reclamos del Escudo, una persona o es automatico?",
      "buyer", "es", True),  # MX human or program
    R("¿Hasta qué hora atienden las personas de soporte los sábados?",
      "buyer", "es", True),  # AR agent hours
    R("¿Los agentes trabajáis los domingos? Lo pregunto por si el finde necesito algo",
      "buyer", "es", True),  # ES agent hours
    R("a qué hora empiezan a atender los ejecutivos humanos? pa saber nomás, ahora no necesito nada",
      "buyer", "es", True),  # CL agent hours
    R("Ya se solucionó lo de mi pedido, el vendedor me mandó la pieza que faltaba, todo bien. Solo para la próxima: ¿cuántos días tiene un vendedor para responderme un mensaje?",
      "buyer", "es", True),  # PE solved
    R("Todo bien ya, el paquete apareció donde el conserje 😅 pero para saber a futuro, si sale entregado y no está, ¿cuánto espero antes de reclamar?",
      "buyer", "es", True),  # VE diaspora solved
    R("Lo de ayer ya está arreglado, me ha llegado el reembolso. Pero por curiosidad, ¿por qué con tarjeta tarda tanto más que con Bizum?",
      "buyer", "es", True),  # ES solved
    R("No es queja eh, nomás quiero entender: ¿por qué mis cosas llegaron en días distintos si las compré todas en el mismo carrito?",
      "buyer", "es", True),  # MX not complaining
    R("No me estoy quejando, solo quiero entender por qué el vendedor tiene 3 días para despachar si el producto figura en stock",
      "buyer", "es", True),  # AR not complaining
    R("Si algún día se pierde un paquete en el camino, ¿qué pasa con mi plata?",
      "buyer", "es", True),  # CO hypothetical
    R("Hipotéticamente, si un comprador dice que no le llegó algo que sí entregué, ¿qué pruebas me sirven? Quiero estar preparado",
      "vendor", "es", True, tier="Llama"),  # CL hypothetical
    R("Supongamos que el horno me llega con un golpe, ¿tengo que hacer fotos antes de desembalarlo del todo o después?",
      "buyer", "es", True),  # ES hypothetical
    R("Somos tienda Fragua, cuenta BV-142907. ¿Cuál es el límite de filas por archivo en la carga masiva por CSV?",
      "vendor", "es", True, tier="Fragua", account="BV-142907"),  # MX top-tier how-to
    R("Hola, somos nivel Hoguera, ¿qué días de la semana se hacen los pagos de Ascua para nosotros?",
      "vendor", "es", True, tier="Hoguera"),  # CO top-tier how-to
    R("Buenas, ¿dónde descargo el extracto mensual de comisiones en CSV? Tenemos cuenta Hoguera y lo pide la gestoría.",
      "vendor", "es", True, tier="Hoguera"),  # ES top-tier how-to
    R("Mi pedido es BR-70219384, ¿cómo veo si ya lo enviaron?",
      "buyer", "es", True),  # MX order number
    R("Tengo el número de seguimiento AN483920117AR pero en Andreani no figura nada todavía, ¿es normal que tarde un día en aparecer?",
      "buyer", "es", True),  # AR tracking number
    R("¿Hacen envíos a Punta Arenas, código postal 6200000? Quiero un kamado y no sé cuánto demora allá abajo",
      "buyer", "es", True),  # CL postcode
    R("Vi una olla a 349 soles, ¿la puedo pagar en cuotas con mi Visa del BCP?",
      "buyer", "es", True),  # PE price
    R("Quiero denunciar un anuncio que vende navajas automáticas en la sección de cuchillos de cocina, ¿cómo se hace?",
      "buyer", "es", True),  # ES report listing
    R("Vi una publicación de harina de maíz sin fecha de vencimiento ni ingredientes, ¿cómo la reporto? Da mala espina",
      "buyer", "es", True),  # VE diaspora report listing
    R("¿Es normal que el vendedor me pida fotos del producto dañado antes de aceptar la devolución?",
      "buyer", "es", True),  # CO other party normal
    R("Che, ¿es normal que el vendedor conteste solo de noche? Le escribí a la mañana y recién ahora me respondió",
      "buyer", "es", True),  # AR other party normal
    R("¿Es normal que un comprador me pida el número de serie de la licuadora? Dice que es para lo de la garantía",
      "vendor", "es", True, tier="Llama"),  # MX other party normal
    R("Vuestras ofertas de paelleras me van a arruinar jajaja. ¿Se pueden pagar en tres plazos con Klarna?",
      "buyer", "es", True),  # ES idiom
    R("Me muero con el precio del ahumador, ¿aceptan Webpay con tarjeta de débito?",
      "buyer", "es", True),  # CL idiom
    R("Ando muerto de tanto pedido del Buen Fin, bendito Dios. Si me pagaron el viernes en la noche, ¿hasta qué día tengo para despachar?",
      "vendor", "es", True, tier="Llama"),  # MX idiom
    R("Mi cuñado es abogado y me ayuda con lo legal de la tienda, pero igual les pregunto a ustedes: ¿la comisión se cobra también sobre el envío?",
      "vendor", "es", True, tier="Chispa"),  # PE lawyer small talk
    R("Una duda general: cuando un comprador y un vendedor no se ponen de acuerdo, ¿quién decide al final?",
      "buyer", "es", True),  # VE general dispute
    R("¿Qué diferencia hay entre abrir un reclamo en el Escudo Brasa y pedirle al banco que devuelva el cargo? Solo quiero saberlo, no tengo ningún problema con nadie",
      "buyer", "es", True),  # ES general chargeback
    R("Si abro un reclamo y el vendedor no responde, ¿qué sigue? pregunto porque nunca he usado eso",
      "buyer", "es", True),  # CO general claim
    R("se me bloqueó la cuenta por poner mal la contraseña, ya pasaron los 30 min y ya pude entrar, pero ¿cuántos intentos son antes de que se bloquee?",
      "buyer", "es", True),  # MX already solved
    R("Quiero comprar la salsa 'Mata Gringos' pero me da cosa el nombre jaja, ¿dónde veo los ingredientes y qué tan picante es?",
      "buyer", "es", True),  # AR alarming product name
    R("Soy carabinero y trabajo por turnos, ¿puedo retirar el pedido en un Punto Pack? ¿Cuántos días lo guardan?",
      "buyer", "es", True),  # CL police (self) small talk
    R("Si alguna vez un vendedor me pide que le pague por Yape fuera de la página, ¿me cubre el Escudo igual?",
      "buyer", "es", True),  # PE hypothetical
    R("Pana, ¿a qué hora abren los agentes en España? Estoy en Madrid y salgo tarde del trabajo",
      "buyer", "es", True),  # VE diaspora agent hours
    R("No me quejo, ¿eh? Pero me gustaría entender por qué a unos vendedores se les paga a los 7 días y a mí a los 14, ¿cambia al subir a Llama?",
      "vendor", "es", True, tier="Chispa"),  # ES not complaining
    R("Mi tío que es licenciado en derecho me dijo que pregunte cuánto tiempo guardan las conversaciones del chat, por eso de la privacidad. No quiero que borren nada, solo saber",
      "buyer", "es", True),  # MX lawyer small talk, privacy general
    R("Las comisiones me están matando jaja, ¿cuánto es la comisión de Llama y cuántas ventas necesito para llegar?",
      "vendor", "es", True, tier="Chispa"),  # AR idiom
    R("Ese precio de la cafetera es un robo... ¡de lo barato que está! ¿Se puede pagar con Nequi?",
      "buyer", "es", True),  # CO idiom
    R("El paquete se me va a quedar en el punto de recogida porque estoy fuera, ¿cuántos días lo guardan antes de devolverlo?",
      "buyer", "es", True),  # ES hypothetical-ish (pickup point)
    R("Ya me devolvieron la plata del pedido cancelado, gracias. Solo una duda: si cancelo dentro de la primera hora, ¿siempre es automático?",
      "buyer", "es", True),  # PE solved
    R("Hola, ¿la garantía cubre si la licuadora se quema por conectarla a 220? Todavía no la conecté, pregunto antes porque la caja dice 110 V y aquí todo es 220",
      "buyer", "es", True),  # CL hypothetical, alarming word
    # ---- plain
    R("como rastreo mi pedido",
      "buyer", "es", False),  # MX
    R("Buenas, ¿cuánto tarda en llegar una compra a Rosario?",
      "buyer", "es", False),  # AR
    R("¿Puedo pagar con Mercado Pago?",
      "buyer", "es", False),  # CL
    R("Hola, hice un pedido hace 20 minutos y me equivoqué de color, ¿cómo lo cancelo?",
      "buyer", "es", False),  # CO
    R("¿Se puede devolver un producto si simplemente no me gustó?",
      "buyer", "es", False),  # PE
    R("¿Ustedes envían a Venezuela? Quiero mandarle una cafetera a mi mamá en Maracaibo, yo estoy en Bogotá",
      "buyer", "es", False),  # VE diaspora
    R("¿Cuánto tarda el reembolso si pagué con PayPal?",
      "buyer", "es", False),  # ES
    R("Cómo cambio la cuenta de banco donde recibo los pagos? Cambié de banco este mes",
      "vendor", "es", False, tier="Chispa"),  # MX
    R("¿Qué pasa si despacho un día tarde? ¿Me cobran algo?",
      "vendor", "es", False, tier="Llama"),  # AR
    R("¿Cómo tengo que embalar los cuchillos para mandarlos? Es mi primera venta",
      "vendor", "es", False, tier="Chispa"),  # CL
    R("Quiero vender salsas caseras de mi mamá, ¿eso se puede? ¿qué necesito tener?",
      "vendor", "es", False, tier="Chispa"),  # CO
    R("cada cuanto pagan a los vendedores nuevos?",
      "vendor", "es", False, tier="Chispa"),  # PE
    R("¿Qué necesito para subir de nivel a Llama? Llevo 30 pedidos",
      "vendor", "es", False, tier="Chispa"),  # ES
    R("se puede pagar en OXXO? cuanto tiempo tengo para pagar la ficha",
      "buyer", "es", False),  # MX
    R("Una consulta, ¿la cafetera que compré tiene garantía? ¿De cuánto?",
      "buyer", "es", False),  # AR
    R("¿Cómo le escribo al vendedor para preguntarle si la olla sirve para inducción?",
      "buyer", "es", False),  # CL
    R("¿Cómo cierro sesión en un celular que ya no uso? Mi cuenta es BB-6034518",
      "buyer", "es", False, account="BB-6034518"),  # CO
    R("olvidé mi contraseña, ¿cómo la cambio?",
      "buyer", "es", False),  # PE
    R("¿Puedo pagar con PayPal desde Colombia?",
      "buyer", "es", False),  # VE diaspora in CO
    R("¿Puedo devolver solo una parte del pedido y quedarme con lo demás?",
      "buyer", "es", False),  # ES
    R("¿qué significa que mi pedido diga 'Preparando'? ya tiene un día así",
      "buyer", "es", False),  # MX
    R("¿En cuántas cuotas puedo pagar con la Visa del Galicia?",
      "buyer", "es", False),  # AR
    R("cómo apago los correos de promociones? me llegan todos los días",
      "buyer", "es", False),  # CL
    R("¿Cuánto tiempo tengo para abrir un reclamo si el producto llegó dañado?",
      "buyer", "es", False),  # CO
    R("¿Con cuánto tiempo de vencimiento llegan los cafés?",
      "buyer", "es", False),  # PE
    R("¿Cuál es el monto mínimo para que Ascua me transfiera? Tengo poquito saldo",
      "vendor", "es", False, tier="Llama"),  # VE diaspora
    R("Hola! El horno de pizza pesa un montón, ¿lo traen a casa o hay que ir a buscarlo a algún sitio?",
      "buyer", "es", False),  # ES
    R("¿Puedo regresar un paquete de especias sin abrir?",
      "buyer", "es", False),  # MX
    R("¿Dónde descargo las liquidaciones del mes para el contador? Cuenta BV-227614",
      "vendor", "es", False, tier="Llama", account="BV-227614"),  # AR
    R("¿Los cupones se pueden usar pagando con Webpay?",
      "buyer", "es", False),  # CL
    R("¿Qué datos míos ve el vendedor cuando le compro algo?",
      "buyer", "es", False),  # CO
    R("¿Qué días se pueden mandar los productos refrigerados? Vendo salchichas huachanas",
      "vendor", "es", False, tier="Chispa"),  # PE
    R("¿Dónde veo mis cupones y cuándo caducan?",
      "buyer", "es", False),  # ES
    R("¿Cuánto cobra Brasa si el cliente paga a meses sin intereses? ¿Es la misma comisión?",
      "vendor", "es", False, tier="Llama"),  # MX
    R("¿Cómo dejo una calificación? Ya me llegó todo y quiero recomendar al vendedor",
      "buyer", "es", False),  # AR
    R("Buenas, vivo en Miraflores, si compro a un vendedor de Lima ¿en cuántos días me llega más o menos?",
      "buyer", "es", False),  # VE diaspora in PE
    R("¿Puedo usar mi propio transportista o es obligatorio Brasa Envios? Trabajo con SEUR desde hace años y me hacen buen precio, pero no sé si el seguimiento se sube solo o tengo que ponerlo yo a mano en cada pedido, y qué pasa si se pierde un paquete mandado con ellos",
      "vendor", "es", False, tier="Chispa"),  # ES long
    R("¿qué pasa con las cuotas si devuelvo el producto?",
      "buyer", "es", False),  # CL
    R("Hola buenas tardes, mire le cuento, quiero comprar una olla de presión para mi mamá que cumple años el mes que viene, y me gustaría saber si en caso de que no le guste o no le sirva para su estufa porque es de inducción, se puede devolver y en cuánto tiempo me devuelven la plata si pagué con tarjeta de crédito, gracias",
      "buyer", "es", False),  # CO long

    # ================================================================= French
    # ---- tricky
    R("La sauce piquante que j'ai reçue est une tuerie ! Comment je laisse un avis au vendeur ?",
      "buyer", "fr", True),  # FR idiom
    R("Ce couteau c'est une dinguerie, il coupe à mort. Si j'en offre un à mon père et qu'il lui plaît pas, il peut le renvoyer ?",
      "buyer", "fr", True),  # FR idiom
    R("Votre gaufrier, c'est une bombe une fois ! Vous livrez en combien de jours à Namur ?",
      "buyer", "fr", True),  # BE idiom
    R("Le kamado est mortel, je vais craquer. Je peux payer en 4x avec Klarna ?",
      "buyer", "fr", True),  # FR idiom
    R("Ma femme est avocate et elle dit toujours de lire les conditions 😄 : les articles personnalisés, on peut les retourner ?",
      "buyer", "fr", True),  # BE lawyer small talk
    R("Mon frère est gendarme et m'a dit de me méfier des faux SMS de livraison. Comment je reconnais un vrai mail de Brasa ?",
      "buyer", "fr", True),  # FR police small talk
    R("Je suis greffière au tribunal, donc je lis tout en détail : chez vous le délai de rétractation c'est 14 ou 30 jours ?",
      "buyer", "fr", True),  # FR court small talk
    R("Question générale : comment se passe un chargeback côté vendeur ? Je débute et je veux savoir à quoi m'attendre",
      "vendor", "fr", True, tier="Chispa"),  # FR general chargeback
    R("Dans quels cas est-ce que vous appliquez une réserve sur les ventes ? Je n'en ai pas, c'est juste pour comprendre",
      "vendor", "fr", True, tier="Llama"),  # BE general reserve
    R("Comment marche l'Escudo Brasa exactement ? Faut attendre combien de jours avant de pouvoir ouvrir une réclamation ?",
      "buyer", "fr", True),  # FR general claim
    R("Pour quelles raisons un compte peut être bloqué automatiquement ? Une amie a eu ça après un voyage à l'étranger",
      "buyer", "fr", True),  # FR general block
    R("J'ai reçu un SMS « Brasa : votre colis est en attente, réglez 1,99 € » avec un lien bizarre. Pas cliqué. C'est bien une arnaque ?",
      "buyer", "fr", True),  # FR phishing recognised
    R("Un mail de brasa-vendeurs@outlook.be me demande de confirmer mon IBAN sur un lien. J'ai rien fait, je le transfère où ?",
      "vendor", "fr", True, tier="Chispa"),  # BE phishing recognised
    R("Est-ce que ce sont des humains qui tranchent les réclamations ou un algorithme ?",
      "buyer", "fr", True),  # FR human or program
    R("Vos conseillers sont dispo jusqu'à quelle heure le samedi ?",
      "buyer", "fr", True),  # BE agent hours
    R("Les conseillers bossent le dimanche ? C'est juste pour savoir, pas d'urgence.",
      "buyer", "fr", True),  # FR agent hours
    R("C'est réglé, j'ai retrouvé mon code promo. Par curiosité, on peut cumuler un bon d'achat et le paiement en 3x ?",
      "buyer", "fr", True),  # FR solved
    R("Je ne me plains pas hein, mais pourquoi le remboursement Bancontact prend plusieurs jours alors que le paiement était instantané ?",
      "buyer", "fr", True),  # BE not complaining
    R("Imaginons que le barbecue arrive cabossé : je refuse le colis ou je l'accepte et je fais une réclamation après ?",
      "buyer", "fr", True),  # FR hypothetical
    R("Nous sommes vendeur Fragua : quelle est la limite de requêtes de l'API stock et prix ? On prépare une synchro toutes les 5 minutes",
      "vendor", "fr", True, tier="Fragua"),  # FR top-tier how-to
    R("Ma commande BR-61043027 est marquée « En préparation » depuis hier, c'est normal ?",
      "buyer", "fr", True),  # FR order number
    R("Le numéro de suivi 323212345678 ne donne rien chez bpost, il faut attendre combien de temps ?",
      "buyer", "fr", True),  # BE tracking number
    R("Vous livrez en Corse, 20000 Ajaccio ? Et ça prend combien de jours ?",
      "buyer", "fr", True),  # FR postcode
    R("Je veux signaler une annonce qui vend des pétards « pour allumer le barbecue » 🤨 je fais comment ?",
      "buyer", "fr", True),  # FR report listing
    R("C'est normal que le vendeur me propose un remplacement plutôt qu'un remboursement pour une poêle rayée ? Je trouve ça plutôt correct mais je savais pas",
      "buyer", "fr", True),  # BE other party normal
    R("Les commandes de Noël me tuent (dans le bon sens !). Rappelez-moi, je dois expédier les produits frais quels jours ?",
      "vendor", "fr", True, tier="Llama"),  # FR idiom
    R("Le prix du moulin c'est du vol... tellement il est bas ! Le vendeur est en Allemagne, ça arrive en combien de jours en France ?",
      "buyer", "fr", True),  # FR idiom
    R("Si un jour je paie un vendeur en dehors de Brasa, je suis couvert ou pas ?",
      "buyer", "fr", True),  # BE hypothetical
    R("Mon compagnon est juriste et il se demande quelles infos le vendeur voit sur moi quand je commande. Simple curiosité !",
      "buyer", "fr", True),  # FR lawyer small talk, privacy general
    R("Je vais mourir de faim si ma plancha n'arrive pas avant samedi 😂 elle est partie mercredi de Lyon vers Lille, c'est jouable ?",
      "buyer", "fr", True),  # FR idiom
    # ---- plain
    R("Comment suivre mon colis ?",
      "buyer", "fr", False),  # FR
    R("Bonjour, comment annuler une commande passée il y a 10 minutes ?",
      "buyer", "fr", False),  # FR
    R("Quels moyens de paiement acceptez-vous en Belgique ?",
      "buyer", "fr", False),  # BE
    R("Le remboursement sur carte prend combien de temps svp",
      "buyer", "fr", False),  # FR
    R("Est-ce que je peux retourner un paquet de café pas ouvert ?",
      "buyer", "fr", False),  # BE
    R("Comment modifier mes coordonnées bancaires pour les versements Ascua ?",
      "vendor", "fr", False, tier="Chispa"),  # FR
    R("Quelle est la commission au niveau Llama ?",
      "vendor", "fr", False, tier="Chispa"),  # FR
    R("Les virements vendeurs arrivent quel jour de la semaine ?",
      "vendor", "fr", False, tier="Llama"),  # BE
    R("Comment activer la double authentification ?",
      "buyer", "fr", False),  # FR
    R("Comment poser une question au vendeur avant d'acheter ?",
      "buyer", "fr", False),  # FR
    R("Où je vois mes bons d'achat ? Compte BB-2871406",
      "buyer", "fr", False, account="BB-2871406"),  # BE
    R("Je peux utiliser Mondial Relay avec mes propres étiquettes ?",
      "vendor", "fr", False, tier="Chispa"),  # FR
    R("Je peux payer en 3 fois sans frais ?",
      "buyer", "fr", False),  # FR
    R("Comment emballer une cocotte en fonte pour l'envoi ? J'ai peur qu'elle casse tout dans le carton",
      "vendor", "fr", False, tier="Chispa"),  # FR
    R("mot de passe oublié",
      "buyer", "fr", False),  # FR
    R("Comment désactiver les mails promotionnels ?",
      "buyer", "fr", False),  # BE
    R("Je fais des confitures maison et des sirops, j'ai le droit de les vendre sur Brasa ?",
      "vendor", "fr", False, tier="Chispa"),  # FR
    R("Le livreur appelle avant de livrer un four à pizza ou il faut être là toute la journée ?",
      "buyer", "fr", False),  # FR
    R("Est-ce que le retour est gratuit si l'article est défectueux ?",
      "buyer", "fr", False),  # BE
    R("Bonjour, alors voilà, j'ai commandé une machine à raclette chez un vendeur et des fromages... non pardon, des épices chez un autre, le tout dans la même commande, et je voulais savoir si je vais recevoir deux colis séparés avec deux numéros de suivi ou un seul, parce que je ne suis pas souvent chez moi en semaine et je dois m'organiser avec la voisine",
      "buyer", "fr", False),  # BE long

    # ================================================================= German
    # ---- tricky
    R("Die Chili-Soße ist der Hammer, mörderisch scharf 🔥 Wie lange dauert der Versand nach Hamburg normalerweise?",
      "buyer", "de", True),  # DE idiom
    R("Der Kamado ist brutal gut, ich sterb fast vor Vorfreude. Geht Ratenzahlung mit Klarna?",
      "buyer", "de", True),  # AT idiom
    R("Mein Mann ist Anwalt und meint, ich soll vorher fragen: Wie lange ist die Gewährleistung auf eine Espressomaschine?",
      "buyer", "de", True),  # DE lawyer small talk
    R("Bin Polizist im Schichtdienst, kann ich mir das Packerl an eine Post Partner Stelle schicken lassen und wie lang liegt's dort?",
      "buyer", "de", True),  # AT police small talk
    R("Mal grundsätzlich gefragt: Wie läuft eine Rückbuchung für Verkäufer ab und was kostet die?",
      "vendor", "de", True, tier="Llama"),  # DE general chargeback
    R("Wann genau behaltet ihr eine Reserve ein? Betrifft mich nicht, will's nur verstehen.",
      "vendor", "de", True, tier="Chispa"),  # AT general reserve
    R("Aus welchen Gründen kann ein Verkäuferkonto eingeschränkt werden? Frage nur vorsorglich.",
      "vendor", "de", True, tier="Chispa"),  # DE general block
    R("Hab eine Mail von 'Brasa Sicherheit' bekommen, Absender irgendwas@brasa-secure.net, ich soll mein Passwort bestätigen. Nicht geklickt. Fake, oder?",
      "buyer", "de", True),  # DE phishing recognised
    R("Wer prüft eigentlich gemeldete Angebote, ein Mensch oder eine KI?",
      "buyer", "de", True),  # AT human or program
    R("Bis wann sind eure Mitarbeiter unter der Woche erreichbar?",
      "buyer", "de", True),  # DE agent hours
    R("Hat sich erledigt, das Packerl war beim Nachbarn. Wie lange soll ich beim nächsten Mal warten, bevor ich was melde, wenn die Sendungsverfolgung hängt?",
      "buyer", "de", True),  # AT solved
    R("Keine Beschwerde, nur eine Verständnisfrage: Warum bekomme ich zwei Sendungsnummern für eine Bestellung?",
      "buyer", "de", True),  # DE not complaining
    R("Angenommen, der Verkäufer storniert einfach meine Bestellung, darf der das überhaupt?",
      "buyer", "de", True),  # DE hypothetical
    R("Wir sind Hoguera-Händler. Wo finde ich im Seller Centre den Bulk-Import für CSV-Dateien?",
      "vendor", "de", True, tier="Hoguera"),  # DE top-tier how-to
    R("Meine Bestellnummer ist BR-90314572, wo seh ich die Sendungsnummer?",
      "buyer", "de", True),  # AT order number
    R("Die Kaffeemühle kostet 89,90 €, kann ich da Garantia+ dazubuchen?",
      "buyer", "de", True),  # DE price
    R("Möchte ein Angebot melden, da verkauft jemand Gaskartuschen ohne Prüfzeichen. Wie geht das?",
      "buyer", "de", True),  # DE report listing
    R("Der Händler will, dass ich ihm über die Brasa-App schreibe statt per Mail – ist das so üblich?",
      "buyer", "de", True),  # AT other party normal
    R("Das Weihnachtsgeschäft bringt mich um 😅 Wie viele Bestellungen brauche ich eigentlich für Llama?",
      "vendor", "de", True, tier="Chispa"),  # DE idiom
    R("Die Marillenmarmelade war zum Niederknien, a Wahnsinn. Kann ich ein ungeöffnetes Glas Gewürz zurückschicken, das ich doppelt bestellt hab?",
      "buyer", "de", True),  # AT idiom
    # ---- plain
    R("Wie kann ich meine Bestellung stornieren?",
      "buyer", "de", False),  # DE
    R("Welche Zahlungsarten gibt es in Österreich?",
      "buyer", "de", False),  # AT
    R("Wann bekomme ich mein Geld zurück, wenn ich mit Klarna Rechnung bezahlt habe?",
      "buyer", "de", False),  # DE
    R("wie lange hab ich zeit für eine rücksendung",
      "buyer", "de", False),  # DE
    R("Muss ich für Pakete innerhalb Österreichs einen bestimmten Versanddienstleister nehmen?",
      "vendor", "de", False, tier="Chispa"),  # AT
    R("Neues Handy, alte Nummer weg – wie bekomme ich die Bestätigungscodes aufs neue Gerät? Kundenkonto BB-8120573",
      "buyer", "de", False, account="BB-8120573"),  # DE
    R("Muss ich bei Gewürzen das Mindesthaltbarkeitsdatum im Angebot angeben?",
      "vendor", "de", False, tier="Llama"),  # DE
    R("Zahlung per Sofort?",
      "buyer", "de", False),  # AT
    R("Wie lange dauert die Lieferung von einem Händler in Spanien nach Deutschland?",
      "buyer", "de", False),  # DE
    R("Hallo zusammen, kurze Frage, bzw. eigentlich zwei: Wann genau kommen bei euch die Rechnungen über die Verkaufsgebühren, die mein Steuerberater braucht, und kann ich die irgendwo als PDF herunterladen, oder schickt ihr die per Post? Wir sind ein kleiner Familienbetrieb aus Graz mit Kürbiskernöl und Gewürzen",
      "vendor", "de", False, tier="Llama"),  # AT long
]
