"""The shipped config/rules.yaml on realistic marketplace messages: what must reach a person, with
the right tag, and routine questions that merely mention the same words, which must not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.brain.embeddings import LocalEmbedder
from bot.brain.encoders import TextEncoders, shared_multilingual
from bot.brand import Brand
from bot.brand_translations import DEFAULT_TRANSLATIONS
from bot.escalation.base import RuleInput
from bot.escalation.engine import RulesEngine
from bot.escalation.loader import check_rules_file
from bot.models import Decision, Message, Participant

ROOT = Path(__file__).resolve().parent.parent
BUYER = Participant(role="buyer", account_id="b-77")
VENDOR = Participant(role="vendor", account_id="v-55")
BIG_VENDOR = Participant(role="vendor", account_id="V-1001", tier="premier")


@pytest.fixture(scope="module")
def engine(embedder: LocalEmbedder) -> RulesEngine:
    """The shipped rules as a process with default settings runs them (MiniLM reads English)."""
    encoders = TextEncoders(main=embedder, multilingual=shared_multilingual())
    return RulesEngine.from_file(ROOT / "config" / "rules.yaml", encoders)


async def decide(engine: RulesEngine, text: str, who: Participant = BUYER,
                 confidence: float | None = None) -> Decision:
    masked, kinds = engine.mask(text)
    return await engine.evaluate(
        RuleInput(text=masked, participant=who, channel="webchat", confidence=confidence, sensitive_found=kinds)
    )


POSITIVES = [
    # pricing disputes
    ("vendor-dispute", BUYER, "The product page showed 35 euros but my statement says I paid 52"),
    ("vendor-dispute", BUYER, "I was overcharged on my last order, the seller added 10 pounds"),
    ("vendor-dispute", BUYER, "seller raised the price after I paid and says I must pay the difference"),
    ("vendor-dispute", BUYER, "the shop refuses to refund me for the cracked screen"),
    ("vendor-dispute", VENDOR, "You deducted a commission I never agreed to from this week's payout"),
    # policy exceptions / staff decisions
    ("manual-review", BUYER, "I know the return period is over but could you let me send it back anyway? I was abroad"),
    ("manual-review", VENDOR, "My shop was suspended this morning and I want to appeal the decision"),
    # saying it is only a question doesn't hide a card number
    ("critical", BUYER, "just curious, is my card 4111 1111 1111 1111 stored safely with you?"),
    # a formal legal notice named by its own word, in Spanish, French and German
    ("legal", BUYER, "Mi abogado va a mandar un burofax por la jaula defectuosa. ¿A qué dirección lo enviamos?"),
    ("legal", BUYER, "Je vous envoie une mise en demeure pour la commande PW-3HQ81Z."),
    ("legal", VENDOR, "Ich habe eine Abmahnung wegen Markenrecht bekommen, wer haftet jetzt?"),
    # a slur, written or reported
    ("abuse", BUYER, "el vendedor me llamó zorra por pedir la devolución"),
    ("abuse", VENDOR, "Der Käufer nennt mich in jeder Nachricht Schlampe. Was kann ich tun?"),
    # typed in a hurry on a phone: chat forms and umlauts written out (bot/escalation/chat_forms.py)
    ("human-requested", BUYER, "porfa me comunicas con alguien q me ayude, el chat no me entiende"),
    ("human-requested", BUYER, "jvoudrais parler a qqn de votre service stp"),
    ("human-requested", BUYER, "koennte mich mal jemand zurueckrufen bitte"),
    ("human-requested", BUYER, "i mog ned mit dem automaten schreiben, kann i mit wem vom kundendienst redn"),
    ("human-requested", BUYER, "jpréfère vous expliquer ça au téléphone, c'est compliqué"),
    ("critical", BUYER, "ya me llego el codigo x sms: 551902, lo pongo aca?"),
    ("critical", BUYER, "hab grad nen bestätigungscode gekriegt 448120 was jetzt"),
    ("critical", BUYER, "mon mdp cest Tortue#2023 et la connexion marche plus"),
    ("chargeback", BUYER, "der klarna fall ist jetzt eroeffnet, bezahlt wird erst wenn das geklaert ist"),
    ("abuse", BUYER, "ich weiß genau wo euer Büro ist. Überlegt euch das gut."),
    ("abuse", BUYER, "sé dónde vives, así que devolvé la plata"),
    ("manual-review", VENDOR, "koennt ihr mir die auszahlung schon morgen ueberweisen? ich brauch das dringend"),
    ("legal", VENDOR, "une boutique vend mes photos en poster, j'ai les fichiers originaux, il faut retirer ça"),
    # Spanish from Spain and Latin America: a cover extended, money to another wallet, part of it back,
    # a premier seller's customer who says the parcel never came
    ("manual-review", BUYER, "La garantía se me vence el viernes, ¿me la podéis ampliar una semana más?"),
    ("manual-review", BUYER, "pagué con una tarjeta que ya di de baja, ¿me pueden hacer el reembolso a mi Yape mejor?"),
    ("manual-review", BUYER, "era un cuadro hecho a medida y ya no lo quiero, ¿me devuelven al menos la mitad?"),
    ("account-team", BIG_VENDOR, "Tengo un comprador que asegura que no le llegó el paquete, pero el seguimiento dice entregado"),
    ("critical", VENDOR, "Para los depósitos les dejo mi CBU 2850590940090418135201, ¿está bien así?"),
    ("critical", BUYER, "no pasa el pago, los 3 números de atrás son 412 y la fecha está bien"),
    # a complaint to the police, by its own words
    ("legal", BUYER, "J'ai porté plainte contre ce vendeur, les gendarmes veulent ses coordonnées. Vous me les donnez ?"),
    ("legal", BUYER, "Ich habe Anzeige erstattet, weil der Shop nie geliefert hat. Was braucht ihr von mir?"),
    # Klarna told not to pay, or the purchase disputed with it
    ("chargeback", BUYER, "le dije a Klarna que no pague la segunda cuota porque la bici vino rota, ¿eso cómo os afecta?"),
    ("chargeback", BUYER, "Hab bei Klarna den Kauf reklamiert, Zahlung ist pausiert. Muss ich bei euch noch was machen?"),
    ("chargeback", BUYER, "In Klarna I've paused the invoice because the lamp never came. Do I still have to pay?"),
    ("chargeback", BUYER, "Klarna: I've paused the invoice, the lamp never came. Do I still have to pay?"),
    # a claim opened with the payment provider or the bank, told as done
    ("chargeback", BUYER, "Hice el reclamo en Mercado Pago para que me devuelvan la plata de la cafetera. ¿Eso cambia algo?"),
    ("chargeback", BUYER, "Klarna hat mir bestätigt, dass mein Klärfall wegen der defekten Konsole eröffnet ist. Und jetzt?"),
    ("chargeback", VENDOR, "me retienen el pago de una consola por una disputa del comprador con su banco, yo la envié bien"),
    ("chargeback", BUYER, "Ya presenté el contracargo en el BCP por la mesa de noche. ¿Ustedes me pueden devolver antes?"),
    ("chargeback", BUYER, "Bonjour, j'ai fait bloquer le paiement de la chaise haute auprès de PostFinance, jamais arrivée."),
    ("chargeback", BUYER, "bjr ma banque me propose de contester le paiement de 270e pour le lit parapluie, je le fais ?"),
    ("legal", BUYER, "Je suis adhérente de l'UFC-Que Choisir et ma juriste va vous contacter au sujet du matelas."),
    ("legal", VENDOR, "Quiero denunciar este anuncio: usa mi marca registrada y mis propias fotos."),
    ("legal", BUYER, "Suite à mon dépôt de plainte au commissariat, la police veut l'identité du vendeur. À qui l'envoyer ?"),
    ("legal", BUYER, "mi abogado les va a mandar un derecho de petición porque me deben 1.450.000 pesos de unos tenis"),
    # a counterfeit found out, a charge disowned, a dispute notified by the provider
    ("fraud", BUYER, "Compré un bolso que pasó su autenticación, y en la boutique me dijeron que es réplica. ¿Qué onda?"),
    ("fraud", BUYER, "J'ai un retrait Interac de 245 $ au nom de votre site que j'ai jamais fait. C'est quoi ça?"),
    ("chargeback", VENDOR, "Hoy Mercado Pago me notifica una disputa abierta por una venta entregada y me retuvieron el dinero."),
    # a threat told by the one threatened
    ("abuse", VENDOR, "Un acheteur me menace de « faire une descente » dans mon atelier avec ses potes. Je fais quoi ?"),
    # charged twice for one order's parts, and nobody knows who refunds it
    ("split-shipment", BUYER, "On m'a facturé deux fois le port, pour les coussins et pour le canapé. Qui doit me rembourser ?"),
    # suing, said with the verb
    ("legal", BUYER, "Mi abogado ya tiene los correos. Si en 48 horas no tengo el reembolso, presentamos demanda."),
    ("legal", BUYER, "Wenn das Geld bis Freitag nicht da ist, werde ich den Händler verklagen."),
    # card details or a password given to a fake message or site
    ("critical", BUYER, "Me llegó un SMS de aduanas, pinché en el enlace y metí los datos de la tarjeta. ¿Qué hago?"),
    ("critical", BUYER, "J'ai cliqué sur un faux mail et j'ai saisi mon mot de passe. Je fais quoi ?"),
    ("critical", BUYER, "Ich habe auf einer gefälschten Seite meine Kartendaten eingegeben."),
    # a seller paid outside the marketplace
    ("fraud", BUYER, "Le pagué por transferencia fuera de la web porque me hacía descuento y ya no contesta."),
    ("fraud", BUYER, "Ich habe dem Verkäufer außerhalb der Plattform 120 Euro überwiesen, seitdem nichts."),
    # this seller asking to be paid outside the marketplace or straight to them
    ("fraud", BUYER, "Le vendeur me demande de payer par virement directement sur son compte, c'est normal ?"),
    ("fraud", BUYER, "El vendedor me pide que le pague por Bizum para ahorrarse la comisión"),
    ("fraud", BUYER, "Der Verkäufer will, dass ich außerhalb der Plattform per Überweisung zahle"),
    ("fraud", BUYER, "El vendedor me dijo que si le transfería por fuera me hacía descuento. Le mandé la plata y me bloqueó."),
    # who answers for a part missing, lost or damaged
    ("split-shipment", BUYER, "La tienda vino por un lado y las piquetas por otro. Las piquetas nunca llegaron, ¿quién responde?"),
    ("split-shipment", BUYER, "Zwei Pakete, eins kam völlig kaputt an. Wer haftet, der Händler oder der Versand?"),
    # charged twice because the order came in parts
    ("split-shipment", BUYER, "Me habéis cobrado el envío dos veces porque la tienda lo mandó en dos paquetes."),
    ("split-shipment", BUYER, "On m'a facturé deux fois la livraison, la commande est arrivée en deux colis."),
    ("split-shipment", BUYER, "Un colis abîmé, l'autre manquant, et je ne sais pas quel vendeur a expédié quoi."),
    # long stories: the customer's own data asked for, their work used, a PayPal case opened, Klarna asked
    # to freeze it, orders nobody placed, a card used by someone, a seller who refused the return, the
    # marketplace asked to step in, each side blaming the other, self-harm said plainly
    ("legal", BUYER, "Quisiera que me envíen todos los datos que guardan sobre mí y que luego los borren."),
    ("legal", BUYER, "Bitte teilen Sie mir mit, welche Daten Sie über mich gespeichert haben."),
    ("legal", VENDOR, "Une boutique vend des t-shirts avec mes illustrations, sans mon autorisation."),
    ("chargeback", BUYER, "Ya abrí un caso en PayPal por la mochila que nunca llegó."),
    ("chargeback", BUYER, "Le voy a pedir a Klarna que congele el pago hasta que esto se aclare."),
    ("chargeback", BUYER, "Ich hab mir bei PayPal das Geld für die Jacke KX-220145 zurückgeholt, der Händler schweigt."),
    ("fraud", BUYER, "Hay dos pedidos en mi cuenta que yo no hice."),
    ("fraud", BUYER, "Je vois trois prélèvements de votre site depuis le 2 mai, 12 €, 80 € et 30 €, moi j'ai rien commandé."),
    ("fraud", BUYER, "Quelqu'un a utilisé ma carte sur votre site hier soir."),
    ("abuse", VENDOR, "Un comprador me encontró en Instagram y me escribe a todas horas."),
    ("abuse", BUYER, "Estoy tan harta que a veces pienso que sería mejor no estar."),
    ("vendor-dispute", BUYER, "Der Verkäufer hat meine Rücksendung einfach abgelehnt, obwohl die Jacke defekt ist."),
    ("vendor-dispute", BUYER, "Pouvez-vous intervenir ? Le vendeur ne veut rien entendre."),
    ("split-shipment", BUYER, "La boutique dit que c'est le transporteur, le transporteur dit que c'est la boutique, et mon colis est abîmé."),
    ("human-requested", BUYER, "Je souhaiterais m'entretenir avec un conseiller au sujet de ma commande."),
    ("human-requested", BUYER, "Prefiero explicárselo a alguien, es complicado."),
    ("manual-review", VENDOR, "Est-ce que quelqu'un peut lever la suspension de mon compte ?"),
    ("manual-review", BUYER, "¿Me lo pueden depositar en la cuenta de mi madre?"),
    # a court threatened, a direct debit sent back, a message that claims to come from the marketplace
    ("legal", BUYER, "Ohne Erstattung bis Montag ziehe ich mit der Sache vor Gericht, Bestellung XY-555021."),
    ("legal", BUYER, "Tres semanas esperando el reembolso del patinete (89 €). O me lo devolvéis o lo llevo a juicio."),
    ("legal", BUYER, "Si la lampe n'est pas remboursée d'ici jeudi, on se verra devant le tribunal."),
    ("chargeback", BUYER, "Die 49,90 € für den Rucksack hole ich mir zurück, ich lasse die Lastschrift einfach zurückgehen."),
    ("fraud", BUYER, "Recibí un correo supuestamente de ustedes que me pide pagar una tasa de aduana por un enlace."),
    ("fraud", BUYER, "Ich habe eine SMS angeblich vom Kundenservice bekommen, ich soll meine Karte neu bestätigen."),
    ("fraud", BUYER, "Le vendeur voulait un paiement PayPal entre proches, j'ai accepté et depuis plus rien."),
    ("fraud", BUYER, "Pagué 70 € por unas botas y la tienda ha desaparecido, ya no sale su perfil."),
    # a card payment disputed, told in German; stolen-card orders; a caller who said they were us; "q" for "que"
    ("chargeback", VENDOR, "Der Käufer hat bei seiner Bank widersprochen, obwohl das Paket zugestellt wurde."),
    ("chargeback", BUYER, "Ich habe den Kauf bei PayPal als unberechtigt gemeldet, weil der Händler nicht liefert."),
    ("chargeback", VENDOR, "Mir wurde heute eine Rückbuchung von 89 € belastet, obwohl die Sendung angekommen ist."),
    ("fraud", VENDOR, "Seit gestern kommen Bestellungen mit gestohlenen Karten rein, alle an dieselbe Adresse."),
    ("fraud", BUYER, "Me llamó un señor que dijo ser del soporte de ustedes y le di el código del SMS."),
    ("fraud", BUYER, "hay 2 pedidos en mi cuenta q no hice yo"),
    # someone else into the account, told, beside a question a help article answers
    ("critical", BUYER, "Jemand hat sich in mein Konto eingeloggt und bestellt, wie ändere ich das Passwort?"),
    ("critical", BUYER, "Alguien se metió en mi cuenta ayer, ¿cómo cambio la contraseña?"),
    # harassment told, a private number found out
    ("abuse", VENDOR, "Ein Käufer belästigt mich seit der Stornierung mit Nachrichten, auch nachts."),
    ("abuse", BUYER, "La vendedora ha averiguado mi número de teléfono y me escribe por WhatsApp todo el día."),
    # an account put in another's name
    ("manual-review", VENDOR, "Mon associé reprend l'activité : peut-on transférer la boutique à son nom ?"),
    # intellectual property claimed
    ("legal", VENDOR, "Otra tienda vende copias de mi mochila patentada, ¿cómo hago que retiren esos anuncios?"),
    ("legal", VENDOR, "J'ai le dépôt INPI de ce modèle et un concurrent le copie sur votre site."),
    # a card dispute's notice received by a seller
    ("chargeback", VENDOR, "Me ha llegado un aviso de contracargo del pedido 4471, ¿qué pruebas subo?"),
    ("chargeback", VENDOR, "J'ai reçu un avis de litige bancaire pour une commande livrée. Que faire ?"),
    # a card payment to be cancelled through the bank, threatened after an "if"
    ("chargeback", BUYER, "Si je n'ai rien reçu lundi, je fais annuler l'achat sur ma Mastercard."),
    # the police or a prosecutor asking the marketplace for records
    ("legal", BUYER, "La fiscalía exige que ustedes faciliten el historial de pagos de esa cuenta, ¿a quién se lo pido?"),
    ("legal", BUYER, "Le parquet m'a demandé d'obtenir de votre part les relevés de la commande. Comment faire ?"),
    # one's own details to change, while someone else got in
    ("critical", BUYER, "¿Cómo cambio la contraseña? Alguien ha entrado en mi cuenta y ha hecho pedidos."),
    # a password forgotten while someone else got in
    ("critical", BUYER, "Olvidé la contraseña y al recuperarla vi que alguien había cambiado mi correo"),
    # requests for what only staff can grant, though an article covers the topic
    ("manual-review", BUYER, "Can you waive the €25 missed-delivery fee? The driver came before my slot started."),
    ("manual-review", VENDOR, "I'm selling my shop next month. Can the seller account be transferred to the new owner?"),
    ("manual-review", VENDOR, "Pouvez-vous supprimer un avis injuste sur ma boutique ? La personne n'a rien acheté."),
    # A vendor asking for a fee to be waived: a staff decision, or a vendor contesting a fee. Since
    # the harder non-English routine examples it reads as the second; a person takes it either way.
    ("vendor-dispute", VENDOR, "please waive the late dispatch fee, the courier lost the parcel not me"),
    # fraud
    ("fraud", BUYER, "I got scammed, the seller took my money and the shop is gone"),
    ("fraud", BUYER, "there are 2 orders on my account that I did not place"),
    ("fraud", VENDOR, "this buyer wants me to refund to a different account than the one they paid with, smells like fraud"),
    ("fraud", BUYER, "the sneakers I received are counterfeit, the logo is wrong"),
    ("fraud", BUYER, "the seller asked me to pay him directly by bank transfer to skip the fees"),
    # chargebacks
    ("chargeback", BUYER, "refund me by Monday or I'm opening a chargeback"),
    ("chargeback", BUYER, "I'm going to call my bank and have them reverse this"),
    ("chargeback", VENDOR, "I just got a chargeback on an order that was delivered with signature"),
    # a PayPal dispute opened is a chargeback by another name
    ("chargeback", BUYER, "He abierto una disputa en PayPal por el pedido LL-3378-1902, la lampara nunca llego"),
    ("legal", BUYER, "Which companies did you pass my email to? Treat this as a subject access request."),
    # legal
    ("legal", BUYER, "My attorney will be in touch about the injury this heater caused"),
    ("legal", BUYER, "I'm taking this seller to court if this isn't fixed"),
    ("legal", BUYER, "Under GDPR I request a copy of all my personal data within 30 days"),
    ("legal", VENDOR, "Another shop is using my product photos, that's copyright infringement"),
    # split shipments between vendors
    ("split-shipment", BUYER, "my order had items from two sellers, the lamp shade never came and each seller says the other one has it"),
    ("split-shipment", VENDOR, "the missing item was in the other vendor's parcel, why is this on me?"),
    # one order sent in several parcels, one of them missing: a person decides who answers for it
    ("split-shipment", BUYER, "Meine Bestellung kam in drei Paketen, das letzte fehlt seit einer Woche. Wer ist zuständig?"),
    # sensitive data, safety, account takeover
    ("critical", BUYER, "my card is 4000 0566 5566 5556, can you charge it again"),
    ("critical", VENDOR, "send my money to FR14 2004 1010 0505 0001 3M02 606 please"),
    ("critical", VENDOR, "pay me to sort code 40-11-62 account 31926819 this week please"),
    ("critical", BUYER, "to prove it's me, my passport number is 533380006"),
    ("critical", BUYER, "the charger I bought caught fire last night"),
    ("critical", BUYER, "someone logged into my account and changed the email"),
    # asks for a person
    ("human-requested", BUYER, "can I talk to a human please"),
    ("human-requested", BUYER, "operator!!"),
    ("human-requested", BUYER, "I'd rather speak with one of your staff"),
    ("human-requested", BUYER, "je veux parler à quelqu'un"),
    ("human-requested", BUYER, "necesito hablar con un humano"),
    ("human-requested", BUYER, "bitte mit einem Menschen sprechen"),
    ("human-requested", BUYER, "Kann mich bitte jemand zurückrufen? Am Telefon ist das in zwei Minuten erklärt."),
    ("human-requested", BUYER, "me podeis llamar esta tarde? por telefono lo explico en 2 min"),
    ("human-requested", BUYER, "no quiero un bot, quiero que alguien lea lo que escribo. gracias"),
    # said aloud rather than typed, a number where someone answers, a file looked at by a person
    ("human-requested", BUYER, "Geht das auch per Telefon? Ich würde das lieber telefonisch besprechen."),
    ("human-requested", BUYER, "Gibt es eine Nummer, unter der ich einen Mitarbeiter erreiche?"),
    ("human-requested", VENDOR, "Je souhaite qu'une personne de votre équipe examine mon dossier, sans passer par le bot."),
    # a long message's implied requests: passed on to an account executive, someone to phone, an exception
    ("human-requested", BUYER, "Una duda sobre la factura. ¿Me puedes derivar con un ejecutivo de cuentas?"),
    ("human-requested", BUYER, "Gibt es bei euch jemanden, den ich anrufen kann? Die Rechnung ist kompliziert."),
    ("manual-review", BUYER, "Die Frist ist seit einer Woche vorbei, wäre trotzdem eine Ausnahme möglich? Der Mantel ist ungetragen."),
    ("manual-review", BUYER, "Je sais que ces frais ne sont pas remboursables, mais le vendeur a annulé lui-même la commande. "
                             "Pourriez-vous les rembourser ?"),
    ("chargeback", BUYER, "Die Ware kam nie an, deshalb habe ich die Abbuchung bei meiner Kreditkarte reklamiert."),
    # thanks first, then a new trouble: still a person's job
    ("fraud", BUYER, "Thanks to Sam from support for sorting my last order. Now I see two orders on my account I never placed."),
    # despair said without the usual words; a home address found by the other party
    ("abuse", BUYER, "Perdí el trabajo y todo me sale mal, a veces pienso que estarían mejor sin mí."),
    ("abuse", BUYER, "Je n'en peux plus de tout ça, j'ai envie d'en finir."),
    ("abuse", VENDOR, "Un comprador ha encontrado mi dirección de casa y dice que vendrá a verme."),
    # a shop handed to a relative, a late return unblocked, phishing believed received
    ("manual-review", VENDOR, "je voudrais que ma boutique soit transférée à mon fils, il reprend l'activité"),
    ("manual-review", VENDOR, "Une cliente veut renvoyer un article après le délai et j'accepte : pouvez-vous débloquer le retour ?"),
    ("fraud", BUYER, "Un mail me demande de confirmer mes coordonnées bancaires sur un formulaire, je crois que c'est du phishing"),
    # a consumer authority or the police named; sued over a trademark
    ("legal", BUYER, "ya presente mi reclamo en Indecopi por el hervidor, me piden que la plataforma mande su descargo"),
    ("legal", BUYER, "He puesto una reclamación en la OMIC de mi ayuntamiento por una freidora defectuosa. ¿Os ha llegado algo?"),
    ("legal", VENDOR, "La police de Liège m'a convoquée comme témoin et ils veulent les données d'expédition de mes ventes."),
    ("legal", VENDOR, "un bufete dice que mi salsa viola la marca de una empresa y que si no bajo las publicaciones me demandan"),
    # charges disowned, in more words
    ("fraud", BUYER, "Je vois deux prélèvements sur mon compte alors que je n'ai rien commandé depuis des mois, quelqu'un utilise ma carte ?"),
    ("fraud", BUYER, "Me aparece un cargo de $187.000 que no reconozco, yo no compré nada este mes"),
    # a seller's money held for a payment dispute; a part missing and nobody saying who refunds
    ("chargeback", VENDOR, "Me llegó un aviso de que me retienen 240 € por una 'disputa de pago' de un pedido de hace dos meses."),
    ("split-shipment", BUYER, "Commande avec 3 vendeuses : j'ai reçu le savon et la bougie mais pas le foulard. Qui doit me rembourser ?"),
    # "je ne sais pas si" is no case supposed
    ("split-shipment", BUYER, "Livrée en deux parties, la deuxième est restée à la douane avec 28 CHF de frais. Je ne sais pas si "
                              "c'est la boutique de céramique ou celle des tissus qui doit payer."),
    # complaints and anger
    ("escalate", BUYER, "I want to lodge a formal complaint about this seller and your service"),
    ("escalate", BUYER, "This is the fourth time I have asked about this and still no answer after two weeks"),
    ("escalate", BUYER, "honestly the worst customer service I've ever had"),
    # English typed on a phone: chat forms ("u", "acct", "msgd") and the words people use
    ("fraud", BUYER, "this seller msgd me saying i can venmo him and skip ur fees, legit??"),
    ("fraud", BUYER, "seller says pay w gift card codes and hell send it today, is that how it works here"),
    ("fraud", BUYER, "why r there 2 orders in my acct i never ordered, shipping to some town i never heard of"),
    ("chargeback", VENDOR, "my balance went minus 80, statement says the payment was reversed by the issuer"),
    ("chargeback", BUYER, "i told clearpay i never received it, do u still want me to wait for the seller"),
    ("abuse", BUYER, "a seller keeps calling my mobile, i never gave her my number, how"),
    ("manual-review", VENDOR, "want to pass my shop on to my son next yr, can u move it to his name with the reviews"),
    ("manual-review", BUYER, "second parcel late again from u guys, some store credit would only be fair tbh"),
    # phrasings a dropped pattern caught alone, kept as patterns or keywords
    ("fraud", BUYER, "quelqu'un a utilisé ma carte chez vous ?"),
    ("vendor-dispute", BUYER, "The seller keeps ignoring me about the broken lamp, can you step in?"),
    ("chargeback", BUYER, "Ich habe bei meiner Bank eine Rücklastschrift veranlasst, das Geld hole ich mir zurück."),
    # exceptions told in other words: "de forma excepcional", accounts merged, a refund to another card,
    # a decision appealed, the help page's rule asked past
    ("manual-review", VENDOR, "La tienda estuvo cerrada todo el mes por una operación. ¿Podríais no cobrarme la cuota de forma excepcional?"),
    ("manual-review", BUYER, "Tengo dos cuentas, una vieja con puntos y la nueva. ¿Me podéis unificar las cuentas?"),
    ("manual-review", BUYER, "The refund is going to my old card which the bank cancelled. Can it go to another card instead?"),
    ("manual-review", BUYER, "Ihr habt meinen Fall zugunsten des Händlers geschlossen. Ich möchte die Entscheidung anfechten."),
    ("manual-review", BUYER, "Your FAQ says vouchers can't be combined, but I was hoping you could allow it this one time"),
    # sued by the other side, a bank asked for the money back, a fake found on arrival
    ("legal", BUYER, "el vendedor dice que me va a denunciar por la reseña que le dejé, ¿qué hago?"),
    ("chargeback", BUYER, "Hablé con mi banco y abrí una reclamación por el cargo de la tablet que nunca llegó"),
    ("chargeback", BUYER, "le pedí a mi banco que me devuelva el cargo del pedido y ahora no puedo comprar"),
    ("fraud", BUYER, "Las zapatillas me llegaron ayer y son falsas, la etiqueta está mal cosida"),
    # a person asked for as "is anyone there?"; a password typed where the seller sees it; data found
    # with a stranger; a bank looking into a charge; each side's word against the other's
    ("human-requested", BUYER, "¿hay alguien ahí? llevo un rato escribiendo"),
    ("human-requested", BUYER, "Ist da irgendwer? Ich komme nicht weiter."),
    ("human-requested", BUYER, "Could a person ring me tomorrow morning about the kettle?"),
    ("critical", BUYER, "Sin querer puse mi contraseña en un mensaje al vendedor, ¿lo podéis borrar?"),
    ("critical", BUYER, "Un desconocido me llamó sabiendo mi dirección y lo que compré. ¿Se filtraron mis datos?"),
    ("chargeback", BUYER, "Mastercard is investigating the charge for the blender, should I still return it?"),
    ("chargeback", BUYER, "Meine Sparkasse hat die Abbuchung zurückgeholt, jetzt ist mein Konto gesperrt."),
    ("chargeback", BUYER, "Ma caisse a renversé la transaction pour la lampe, dois-je la renvoyer?"),
    ("vendor-dispute", BUYER, "Der Verkäufer sagt, die Größe stimmt, ich sage, sie ist zu klein. Wer entscheidet?"),
    ("split-shipment", BUYER, "Zwei Pakete, im zweiten sind die Gläser zerbrochen. Wer haftet jetzt, Händler oder DHL?"),
    ("fraud", BUYER, "I was charged for three phones I never ordered, what is going on"),
    ("fraud", VENDOR, "Un comprador me mandó un pantallazo del pago pero no me aparece ninguna venta en el panel"),
    ("manual-review", BUYER, "Sé que ya pasó el plazo, pero ¿me aceptan el cambio igual?"),
    # asked indirectly, politely, with hedges
    ("human-requested", BUYER, "Perdone, ¿habría forma de que alguien me marcara esta tarde? Escribir me cuesta."),
    ("human-requested", BUYER, "¿Me podrían devolver la llamada cuando puedan?"),
    ("human-requested", VENDOR, "Gibt es bei euch einen festen Ansprechpartner für Händler?"),
    ("human-requested", BUYER, "Excusez-moi, pourriez-vous me passer une conseillère ? Je m'y perds."),
    ("manual-review", BUYER, "El paquete se perdió por culpa del correo. ¿Hay forma de que no me cobren la penalización?"),
    ("manual-review", BUYER, "Hoy vence el plazo de devolución y estoy enfermo, ¿me dan unos días más?"),
    ("manual-review", BUYER, "Me cerraron la cuenta por error hace un año. ¿Se podría reactivar?"),
    ("manual-review", BUYER, "Me ofrecen el reembolso como saldo de la tienda, pero prefiero el dinero en mi cuenta."),
    ("manual-review", BUYER, "Die Ablehnung meiner Reklamation verstehe ich nicht. Kann das noch einmal geprüft werden?"),
    ("manual-review", BUYER, "On aimerait réunir nos points de fidélité sur un seul compte, c'est faisable ?"),
    ("account-team", BIG_VENDOR, "Our garden furniture listings have been hidden since Monday and we changed nothing."),
    ("account-team", BIG_VENDOR, "Nos cobran una comisión del 12% cuando nuestra tarifa es del 8%."),
    ("chargeback", BUYER, "Meine Bank hat mir den Betrag vorläufig gutgeschrieben, muss ich noch etwas tun?"),
    ("chargeback", VENDOR, "Un client a contesté son paiement, j'ai pourtant la preuve de livraison."),
    ("fraud", BUYER, "Uno que decía ser del soporte me pidió instalar una aplicación en el móvil y lo hice."),
]

NEGATIVES = [
    # a problem that solved itself: thanks, nothing asked
    (BUYER, "Finalement c'est réglé, le livreur l'avait laissé à la boutique d'à côté. Merci quand même !"),
    (BUYER, "Ya quedó resuelto, el repartidor lo había dejado en conserjería. ¡Gracias igualmente!"),
    (BUYER, "What is your fraud protection policy?"),
    (BUYER, "How can I tell if a listing is a scam before I buy?"),
    (VENDOR, "How do chargebacks work for sellers?"),
    (VENDOR, "What's the fee if I lose a chargeback?"),
    (BUYER, "Where can I read your terms and privacy policy?"),
    (BUYER, "Is it legal to send batteries by post to Ireland?"),
    (BUYER, "My friend Sue recommended you, do you ship to Austria?"),
    (BUYER, "My brother is an attorney, can he order on my behalf?"),
    (BUYER, "mon beau-frère est gendarme et cherche une lampe frontale, vous livrez en Belgique ?"),
    (BUYER, "la mochila está de puta madre, ¿la tenéis en más colores?"),
    (VENDOR, "Hay mucha demanda de bicis este mes, ¿cómo subo más fotos a un anuncio?"),  # demand, not a lawsuit
    (BUYER, "How do I delete my account?"),
    (BUYER, "Do the prices include tax?"),
    (VENDOR, "How do I change the price of a listing?"),
    (VENDOR, "What is the commission for home and garden?"),
    (BUYER, "Why did my order arrive in two parcels?"),
    (BUYER, "Can I buy from different sellers in one checkout?"),
    (BUYER, "How long is the return window for shoes?"),
    (VENDOR, "How do I appeal a listing removal?"),
    (BUYER, "Can someone else sign for my parcel?"),
    (BUYER, "Is there a phone number for customer service?"),
    (BUYER, "the delivery agent says he left it at the door, where is it?"),
    (BUYER, "I forgot my password, how do I reset it?"),
    (BUYER, "olvidé la contraseña y no puedo entrar, ¿cómo la recupero?"),
    (BUYER, "mot de passe oublié, je n'arrive plus à me connecter"),
    (VENDOR, "¿cómo cambio la cuenta bancaria donde me pagáis? me he cambiado de banco"),
    # someone else's trouble elsewhere; something heard, asked to be confirmed
    (BUYER, "A una amiga le robaron la cuenta en otra web. ¿Cómo protejo la mía aquí?"),
    (BUYER, "Me han dicho que en los chats roban los datos de la tarjeta, ¿es seguro pagar aquí?"),
    (BUYER, "My cousin is a police officer and says used helmets can't be resold, is that true?"),
    (VENDOR, "Sue from my office gave me a gift card for my shop, how do I add it?"),
    # who is responsible, asked about a rule rather than about something gone wrong
    (BUYER, "If one parcel of my order is lost, who is responsible?"),
    (BUYER, "Si mi pedido llega en dos paquetes, ¿me cobráis el envío dos veces?"),
    (BUYER, "Who is responsible for customs duties on orders to Switzerland?"),
    (VENDOR, "Can I sell second-hand items of a trademarked brand?"),
    (VENDOR, "Si un comprador abre una disputa con su banco, ¿qué pasa con mi pago? Todavía no me ha pasado."),
    (BUYER, "Cuando denuncio un anuncio raro, ¿lo revisa una persona o es todo automático?"),
    (BUYER, "¿cómo denuncio un anuncio que vende cosas prohibidas?"),
    (VENDOR, "Will I get a notification if a buyer opens a dispute?"),
    (BUYER, "I paid with the card ending 4242, when does the refund arrive?"),
    (BUYER, "Can I talk about sizes? Does this jacket run small?"),
    (BUYER, "Thanks, that was helpful!"),
    (BUYER, "is this dress compliant with the EU textile labelling rules?"),
    (BUYER, "Track order 113542617735902 please"),
    (VENDOR, "When will my payout be sent this week?"),
    (BUYER, "Do you have a guide on spotting phishing emails?"),
    # On a tag's side of its linear boundary, but among routine questions (the neighbour check)
    (BUYER, "payment keeps getting declined but my card works everywhere else"),
    (BUYER, "how do I log out of my account on my old phone"),
    (VENDOR, "changed my bank account yesterday, will tuesday's payout go to the new one"),
    (VENDOR, "if the buyer gets a full refund do I get the fees back"),
    # A French question about a payment the bank blocks, and a Spanish one that says no person is needed
    (BUYER, "Ma banque m'a envoyé une alerte fraude quand j'ai voulu payer sur Parcela et du coup c'est refusé. "
            "Je fais comment pour que ça passe ?"),
    (BUYER, "No hace falta que me pases con nadie eh, solo dime cuanto tarda el reembolso en la tarjeta"),
    (BUYER, "Ich brauche keinen Mitarbeiter, sagen Sie mir nur, wie lange der Versand nach Wien dauert."),
    (BUYER, "Pas la peine de me passer un conseiller, dites-moi juste le délai de remboursement."),
    # whether people answer, asked from curiosity
    (BUYER, "Reine Neugier: sind das hier echte Menschen oder ist das vollautomatisch?"),
    (BUYER, "¿Quién contesta aquí, una persona o un programa? Pura curiosidad."),
    # thanks to someone of the team: nothing left for a person to do
    (BUYER, "Big thanks to Omar from customer service, my replacement arrived today."),
    (BUYER, "Mil gracias a Rocío del equipo de atención, me solucionó lo del cambio de talla."),
    (BUYER, "Danke an Frau Keller vom Kundendienst, die Gutschrift ist heute angekommen."),
    # one's bank account in a company's name, asked how
    (VENDOR, "¿Cómo pongo la cuenta bancaria de cobro a nombre de mi empresa?"),
    # a handoff topic asked about in general, as the customer says
    (BUYER, "¿cómo se denuncia un anuncio que vende animales? solo quiero saber el procedimiento"),
    (BUYER, "Was macht ihr, wenn jemand in den Nachrichten beleidigend wird? Frag nur allgemein, bei mir ist alles gut"),
    (BUYER, "Can I ask to be passed to a person later if the bot can't answer? Not now, I'm just wondering how it works."),
    # a consumer authority's product alert; an off-platform payment only asked about
    (BUYER, "compré una silla de auto y vi que hay alerta del SERNAC para otro modelo. cómo verifico que la mía no está?"),
    (BUYER, "Si alguna vez un vendedor me pide que le pague por Yape fuera de la página, ¿me cubre la protección igual?"),
    (BUYER, "If a seller asks me to pay outside the site, is that allowed?"),
    (BUYER, "Si un vendeur me demande de payer hors de la plateforme, c'est autorisé ? juste pour savoir"),
    # when a claim ("réclamation") can be opened, asked
    (BUYER, "Comment marche la protection acheteur ? Faut attendre combien de jours avant de pouvoir ouvrir une réclamation ?"),
    # "complaint" said to say it isn't one
    (BUYER, "Not a complaint, just curious: when a buyer and a seller disagree, who decides?"),
    # a court in small talk, phishing and direct debits asked about, a parcel on its way
    (BUYER, "Mi suegro es juez y dice que todo acaba en los tribunales, jaja. ¿Cuánto tarda un envío a Cádiz?"),
    (BUYER, "Wie erkenne ich, ob eine SMS angeblich von euch echt ist?"),
    (BUYER, "Wie funktioniert eine Rücklastschrift bei euch?"),
    (VENDOR, "Wird eine Rückbuchung sofort vom Guthaben abgezogen?"),
    (VENDOR, "What happens to orders paid with stolen cards?"),
    (BUYER, "¿Cómo sé si alguien que dice ser de ustedes es real?"),
    (BUYER, "¿Qué hago si alguien entra en mi cuenta?"),
    (BUYER, "Can someone else log into my account if I share the password?"),
    (BUYER, "Ich habe gestern bezahlt und der Verkäufer sagt, das Paket ist auf dem Weg. Wie lange dauert DHL?"),
    (BUYER, "¿Puedo pagar con PayPal amigos y familiares?"),
    (BUYER, "Je ne sais pas qui est le vendeur de cette lampe, où je le vois ?"),
    (BUYER, "¿Qué datos de mí ve el vendedor cuando compro?"),
    (VENDOR, "¿Puedo usar mis propias fotos en los anuncios?"),
    (BUYER, "¿Klarna congela el pago si devuelvo algo?"),
    (BUYER, "¿Alguien puede usar mi tarjeta si la guardo en la web?"),
    (BUYER, "¿Qué pasa si el vendedor rechaza mi devolución?"),
    (BUYER, "El vendedor dice que lo envió ayer y el seguimiento dice que está en tránsito, ¿cuánto tarda?"),
    (BUYER, "¿Cómo dejo una reseña y la puedo borrar después?"),
    (BUYER, "Quiero cambiar los datos de mi cuenta, ¿dónde se hace?"),
    (VENDOR, "Quiero reactivar mi tienda después de las vacaciones, ¿cómo lo hago?"),
    (BUYER, "¿Cómo quito el bloqueo a un usuario que bloqueé por error?"),
    (BUYER, "¿En qué casos pueden intervenir ustedes entre comprador y vendedor?"),
    # the privacy policy asked for, a listing reported by a bystander, a parcel's place known
    (BUYER, "¿Dónde puedo leer su política de privacidad? Quiero saber qué hacen con los datos"),
    (BUYER, "où je trouve votre politique de confidentialité svp"),
    (BUYER, "cmt je signale une annonce qui a l'air d'une arnaque? je l'ai juste vue en passant"),
    (BUYER, "no sé dónde está tu paquete ahora mismo, ¿dónde veo el seguimiento?"),
    (BUYER, "ich weiß wo das Problem ist, die Hausnummer war falsch. Kann ich die Adresse noch ändern?"),
    (BUYER, "q tal, xq mi pedido dice preparando hace 2 dias? porfa"),
    (BUYER, "¿Cómo funciona una disputa con el banco? Lo pregunto en general, mis pedidos llegaron todos bien"),
    (BUYER, "¿Cómo denuncio un comentario ofensivo en un producto? No es sobre mí, lo leí por casualidad"),
    (VENDOR, "¿Cuántos días tengo para enviar un pedido antes de que se cancele solo?"),
    # English chat forms, nothing for a person: a payment method asked about, one's own number changed
    (BUYER, "can u pay w venmo on here or just cards"),
    (BUYER, "how do i change the mobile number on my acct pls"),
    (BUYER, "what happens if i tell afterpay i never got my order, do they pause the payments?"),
    # harm settled long ago, never had trouble, whether the marketplace ever asks for a password
    (VENDOR, "Ein Kunde hat mich letzten Monat beleidigt, das wurde dann schnell geklärt. Wie ändere ich mein Logo?"),
    (BUYER, "vi un reportaje sobre estafas con vendedores falsos, ¿qué métodos de pago son los oficiales? nunca he tenido ningún problema"),
    (BUYER, "me llegó un sms raro con un enlace, lo borré. ustedes nunca piden la clave por sms, ¿verdad?"),
    (BUYER, "c'est bon, c'est réglé, pas besoin d'un conseiller, merci"),
    (BUYER, "Can a refund go to a different card than the one I paid with? General question, nothing pending."),
    (BUYER, "Ma tante est juriste et dit qu'on a 14 jours pour renvoyer un article, c'est bien ça ?"),
    (VENDOR, "We had a late payout last year, no complaints, it was fixed. How do customs forms work for Norway?"),
    (BUYER, "Que quede claro que no quiero hablar con nadie, solo dígame el horario del chat."),
    (BUYER, "Un conocido dice que si llamas te regalan cupones. ¿Es verdad?"),
    (BUYER, "Mi cuñada compró un bolso falso en otra web. ¿Cómo verifican aquí que las marcas sean originales?"),
    (BUYER, "En mi otra tienda online el banco me devolvió un pago. ¿Aquí es igual, si algún día lo necesitara?"),
    (BUYER, "I thought my account was hacked but it turned out to be my son on the tablet. How do I turn on 2FA?"),
    (BUYER, "In general, can a refund go to another card? I haven't bought anything yet."),
    (VENDOR, "Una compradora me amenazó con ir al banco, pero al final se solucionó. ¿Hay una guía para evitar disputas?"),
    (BUYER, "Mi vecino me dijo que nunca pague fuera de la plataforma, ¿todos los pagos se hacen aquí?"),
]


@pytest.mark.parametrize(("tag", "who", "text"), POSITIVES, ids=[p[2][:40] for p in POSITIVES])
async def test_must_reach_a_person_with_the_right_tag(engine: RulesEngine, tag: str, who: Participant,
                                                      text: str) -> None:
    decision = await decide(engine, text, who)
    assert decision.handoff, text
    assert tag in decision.tags, (text, decision.tags, [str(r) for r in decision.reasons])
    assert any(r.tag == tag for r in decision.reasons)


@pytest.mark.parametrize(("who", "text"), NEGATIVES, ids=[n[1][:40] for n in NEGATIVES])
async def test_routine_questions_stay_with_the_bot(engine: RulesEngine, who: Participant, text: str) -> None:
    decision = await decide(engine, text, who, confidence=0.9)
    assert not decision.handoff, (text, [str(r) for r in decision.reasons])


async def test_the_highest_priority_handoff_decides_the_route_and_sla(engine: RulesEngine) -> None:
    decision = await decide(engine, "my card is 4000 0566 5566 5556 and I want to speak to a human now")
    assert decision.tags[0] == "critical" and "human-requested" in decision.tags
    assert (decision.route, decision.mention, decision.acknowledge_within) == (
        "support-critical", "@support-oncall", 15)
    assert decision.customer_message and "don't share card numbers" in decision.customer_message


async def test_unanswered_questions_get_an_offer_and_high_value_vendors_get_a_person_sooner(
    engine: RulesEngine,
) -> None:
    question = "how do I set up holiday mode for my shop?"
    assert not (await decide(engine, question, VENDOR, confidence=None)).handoff
    assert not (await decide(engine, question, VENDOR, confidence=0.55)).handoff
    low = await decide(engine, question, VENDOR, confidence=0.3)
    assert not low.handoff and low.tags == ["unanswered"] and low.reasons[0].detail == "confidence 0.30 < 0.50"
    offered = [Message("1", "c", "customer", question, 0.0),
               Message("2", "c", "bot", "I couldn't find an answer; would you like a person?", 1.0, offers_person=True)]
    masked, _ = engine.mask("yes please")
    took_up = await engine.evaluate(RuleInput(text=masked, participant=VENDOR, channel="webchat", history=offered))
    assert took_up.handoff and took_up.tags == ["human-requested"]
    # A premium seller's how-to the bot is unsure of is answered, or offered a person, as anyone's:
    # the account team gets what is also a little like a problem (docs/rules.md#unsure).
    big = await decide(engine, question, BIG_VENDOR, confidence=0.55)
    assert not big.handoff and big.tags == ["high-value-vendor"], big.tags
    big_low = await decide(engine, question, BIG_VENDOR, confidence=0.3)
    assert not big_low.handoff and big_low.tags == ["high-value-vendor", "unanswered"], big_low.tags
    rating = "why is my seller rating 4.2 when most reviews are 5 stars?"
    assert not (await decide(engine, rating, VENDOR, confidence=0.55)).handoff
    unsure = await decide(engine, rating, BIG_VENDOR, confidence=0.55)
    assert unsure.handoff and unsure.tags == ["high-value-vendor", "account-team"] and unsure.route == "vendor-success"
    details = [r.detail for r in unsure.reasons if r.tag == "account-team"]
    assert details[:4] == ["role vendor", "vendor tier premier is high-value", "account V-1001", "confidence 0.55 < 0.60"]
    assert details[4].startswith("closest meaning meaning/vendor-problem.txt"), details
    confident = await decide(engine, rating, BIG_VENDOR, confidence=0.8)
    assert not confident.handoff and confident.tags == ["high-value-vendor"]
    problem = await decide(engine, "two of my listings vanished from search overnight and sales stopped",
                           BIG_VENDOR, confidence=0.9)
    assert problem.handoff and "account-team" in problem.tags
    assert any(r.condition == "meaning" and r.tag == "account-team" for r in problem.reasons)


async def test_an_unanswered_message_among_routine_questions_gets_an_offer_not_a_person(engine: RulesEngine) -> None:
    """"tell me a joke" is on the handoff side of `escalate`'s boundary ("this is beyond a joke
    now"), but its nearest examples are routine small talk: not near a meaning (docs/rules.md#neighbours)."""
    joke = await decide(engine, "tell me a joke", BUYER, confidence=0.0)
    assert not joke.handoff and joke.tags == ["unanswered"], [str(r) for r in joke.reasons]
    # An unanswered message that does read like a handoff still reaches a person.
    scared = await decide(engine, "the seller knows where I live and says I'll regret the review", BUYER, confidence=0.1)
    assert scared.handoff, [str(r) for r in scared.reasons]


def test_the_shipped_rules_file_is_valid() -> None:
    """`rules check` finds nothing wrong with the shipped file (moved here from test_rules_reload.py)."""
    shipped = ROOT / "config" / "rules.yaml"
    assert check_rules_file(shipped) == []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    checked = subprocess.run([sys.executable, "-m", "bot", "rules", "check", "--no-fit", str(shipped)],
                             capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr


async def test_asking_for_a_real_person_is_not_read_as_a_cry_for_help(engine: RulesEngine) -> None:
    plain = await decide(engine, "I want to talk to a real person")
    assert plain.handoff and plain.tags[0] == "human-requested" and "abuse" not in plain.tags
    crisis = await decide(engine, "I keep thinking about hurting myself, I need to talk to someone")
    assert crisis.tags[0] == "abuse" and crisis.route == "trust-safety"


@pytest.mark.parametrize("language", ["en", *DEFAULT_TRANSLATIONS])
async def test_the_discord_buttons_words_ask_for_a_person_in_every_language_baton_writes(
        engine: RulesEngine, language: str) -> None:
    """Pressing "Talk to a person" says Baton's words for the customer, in their language."""
    decision = await decide(engine, Brand().localised(language).person_button_words)
    assert decision.handoff and decision.tags[0] == "human-requested", language


async def test_what_no_single_tag_is_sure_of_still_reaches_a_person(engine: RulesEngine) -> None:
    """`needs-a-person` reads the handoff files together; `vendor-problem` judges only premium
    sellers, at its own looser budget (docs/rules.md#needs-a-person)."""
    stolen = await decide(engine, "My card was stolen last week and someone used it on your site. "
                                  "How do I stop this?")
    assert stolen.handoff and stolen.tags == ["needs-a-person"] and stolen.route is None, stolen.tags
    reason = stolen.reasons[0].detail
    assert "meaning/critical.txt and 9 more" in reason and reason.endswith(".txt)"), reason
    for problem in ("One of my sideboards shows as 'sold out' but I have 4 in stock.",
                    "Orders from Ireland stopped coming in this week. Is something wrong with my shipping settings?"):
        premium = await decide(engine, problem, BIG_VENDOR)
        assert premium.handoff and premium.tags == ["high-value-vendor", "account-team"], (problem, premium.tags)
        assert not (await decide(engine, problem, VENDOR)).handoff, "an ordinary seller's how-to stays with the bot"
    # At its own 4% budget the file's threshold is the 0.5 floor: a premium seller's problem that reads
    # only a little more like one than like a routine question (0.54) still reaches the account team.
    customs = await decide(engine, "Die Zollpapiere für Bestellungen in die Schweiz lassen sich nicht öffnen. "
                                   "Heute gehen 5 Pakete raus", BIG_VENDOR, confidence=0.9)
    assert customs.handoff and "account-team" in customs.tags, customs.tags
    assert any(r.condition == "meaning" and r.tag == "account-team" for r in customs.reasons)


async def test_a_premium_sellers_problem_told_in_other_words_and_languages_reaches_the_account_team(
    engine: RulesEngine,
) -> None:
    """Money late or held, a tool failing, stock stuck for days: `reports_problem` carries the news in
    Spanish, French and German where the meaning examples read English best (docs/rules.md)."""
    for problem in ("Notre virement est bloqué depuis vendredi, pouvez-vous regarder ?",
                    "Llevamos diez días con 30 relojes parados en el centro de verificación",
                    "Der Export lässt sich seit gestern nicht mehr herunterladen, Fehler 502",
                    "Retención de todos nuestros pagos desde el lunes, sin ninguna explicación",
                    "Normalmente la transferencia entra el día 5 y hoy estamos a 9"):
        premium = await decide(engine, problem, BIG_VENDOR, confidence=0.9)
        assert premium.handoff and premium.tags == ["high-value-vendor", "account-team"], (problem, premium.tags)
        assert any(r.condition == "reports_problem" for r in premium.reasons), [str(r) for r in premium.reasons]
        assert "account-team" not in (await decide(engine, problem, VENDOR, confidence=0.9)).tags
    # a long date between the money and "hasn't come"; other tags may read it too
    for late in ("La liquidación de la segunda quincena de mayo por 8.200 € no nos ha llegado a la cuenta",
                 "Seit dem Update funktioniert der Massen-Export als CSV bei uns leider nicht mehr"):
        premium = await decide(engine, late, BIG_VENDOR, confidence=0.9)
        assert "account-team" in premium.tags and any(r.condition == "reports_problem" for r in premium.reasons), late
    for how_to in ("¿Qué pasa si el pago no llega el martes?", "Wie lange dauert eine Auszahlung normalerweise?"):
        assert not (await decide(engine, how_to, BIG_VENDOR, confidence=0.9)).handoff, how_to


async def test_a_reason_quotes_what_the_customer_typed_not_how_the_rules_read_it(engine: RulesEngine) -> None:
    """The inbox's "why" shows the customer's own words, chat forms and all."""
    decision = await decide(engine, "vous avez un numero? jprefere expliquer de vive voix")
    assert decision.handoff and "human-requested" in decision.tags
    said = " ".join(str(r) for r in decision.reasons)
    assert '"jprefere expliquer de vive voix"' in said, said
