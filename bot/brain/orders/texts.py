"""What the order and vendor look-ups say, in the customer's language (English, Spanish, German,
French; any other language gets English, as the widget's own texts do).

The offline brain shows these lines to the customer as they are, so a Spanish question about an
order gets its status in Spanish. Statuses the order system sends that are not listed here are
shown as sent, with underscores as spaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class OrderTexts:
    """One language's sentences for order status and vendor contact cards (`str.format` templates)."""

    not_found: str
    unavailable: str
    order_is: str  # {order} {placed} {status} {payment}
    placed: str  # {date}
    payment: str  # {status}
    parcel: str  # {number} {text}
    expected: str  # {eta}
    delivered_on: str  # {eta}
    with_carrier: str  # {carrier}
    tracking: str  # {tracking}
    sign_in: str
    item: str  # {name} {qty} {vendor} {parcel}
    not_shipped: str
    vendor_part: str  # {order} {placed}
    vendor_item: str  # {name} {qty} {parcel}
    nothing_shipped: str
    vendor_card: str  # {name} {id} {email} {hours}
    vendor_replies: str  # {hours}
    no_vendor: str  # {query}
    statuses: dict[str, str] = field(default_factory=dict)
    # Where a parcel's or a payment's status takes other words than an order's (French genders,
    # "pago realizado" rather than "pago pagado").
    parcel_statuses: dict[str, str] = field(default_factory=dict)
    payment_statuses: dict[str, str] = field(default_factory=dict)

    def status(self, value: object) -> str:
        """An order's status as words of this language."""
        return self.statuses.get(str(value), str(value).replace("_", " "))

    def parcel_status(self, value: object) -> str:
        """A parcel's status as words of this language."""
        return self.parcel_statuses.get(str(value)) or self.status(value)

    def payment_status(self, value: object) -> str:
        """A payment's status as words of this language."""
        return self.payment_statuses.get(str(value)) or self.status(value)


ENGLISH = OrderTexts(
    not_found="I couldn't find order {order}. Please check the number on your order confirmation.",
    unavailable=(
        "I can't check the details of order {order} right now: our order system isn't answering. "
        "Please try again in a few minutes, or ask for a person if it can't wait."
    ),
    order_is="Order {order}{placed} is {status}{payment}.",
    placed=" (placed {date})",
    payment="; payment {status}",
    parcel="- Parcel {number}: {text}.",
    expected=", expected {eta}",
    delivered_on=", delivered {eta}",
    with_carrier=" with {carrier}",
    tracking=", tracking {tracking}",
    sign_in="Sign in to see the items and tracking numbers.",
    item="- {name} ×{qty} from {vendor}: {parcel}.",
    not_shipped="not shipped yet (the vendor is preparing it)",
    vendor_part="Order {order}{placed}, your part:",
    vendor_item="- {name} ×{qty}: {parcel}.",
    nothing_shipped="- Nothing shipped yet.",
    vendor_card="{name} ({id}) can be reached at {email}, {hours}.",
    vendor_replies=" They usually reply within {hours} hours.",
    no_vendor="I couldn't find a vendor matching {query} in the vendor directory.",
    statuses={
        "processing": "being prepared by the vendor",
        "shipped": "shipped",
        "in_transit": "in transit",
        "delivered": "delivered",
        "delayed": "delayed",
        "cancelled": "cancelled",
        "refunded": "refunded",
        "partially_shipped": "partially shipped",
        "lost": "reported lost",
        "paid": "paid",
        "pending": "pending",
        "failed": "failed",
        "authorised": "authorised",
        "authorized": "authorised",
    },
)

SPANISH = OrderTexts(
    not_found="No encuentro el pedido {order}. Comprueba el número en la confirmación de tu pedido.",
    unavailable=(
        "Ahora mismo no puedo consultar el pedido {order}: nuestro sistema de pedidos no responde. "
        "Vuelve a intentarlo en unos minutos, o pide hablar con una persona si no puede esperar."
    ),
    order_is="El pedido {order}{placed} está {status}{payment}.",
    placed=" (realizado el {date})",
    payment="; pago {status}",
    parcel="- Paquete {number}: {text}.",
    expected=", previsto para {eta}",
    delivered_on=", entregado el {eta}",
    with_carrier=" con {carrier}",
    tracking=", seguimiento {tracking}",
    sign_in="Inicia sesión para ver los artículos y los números de seguimiento.",
    item="- {name} ×{qty} de {vendor}: {parcel}.",
    not_shipped="aún sin enviar (el vendedor lo está preparando)",
    vendor_part="Pedido {order}{placed}, tu parte:",
    vendor_item="- {name} ×{qty}: {parcel}.",
    nothing_shipped="- Aún no se ha enviado nada.",
    vendor_card="Puedes contactar con {name} ({id}) en {email}, {hours}.",
    vendor_replies=" Suele responder en un plazo de {hours} horas.",
    no_vendor="No encuentro ningún vendedor que coincida con {query} en el directorio de vendedores.",
    statuses={
        "processing": "en preparación por el vendedor",
        "shipped": "enviado",
        "in_transit": "en tránsito",
        "delivered": "entregado",
        "delayed": "retrasado",
        "cancelled": "cancelado",
        "refunded": "reembolsado",
        "partially_shipped": "enviado en parte",
        "lost": "notificado como perdido",
        "paid": "pagado",
        "pending": "pendiente",
        "failed": "fallido",
        "authorised": "autorizado",
        "authorized": "autorizado",
    },
    payment_statuses={"paid": "realizado", "refunded": "reembolsado", "failed": "fallido"},
)

GERMAN = OrderTexts(
    not_found="Ich finde die Bestellung {order} nicht. Bitte prüfe die Nummer in deiner Bestellbestätigung.",
    unavailable=(
        "Ich kann die Bestellung {order} gerade nicht prüfen: unser Bestellsystem antwortet nicht. "
        "Bitte versuch es in ein paar Minuten noch einmal, oder frag nach einer Person, wenn es eilt."
    ),
    order_is="Bestellung {order}{placed}: {status}{payment}.",
    placed=" (aufgegeben am {date})",
    payment="; Zahlung {status}",
    parcel="- Paket {number}: {text}.",
    expected=", erwartet am {eta}",
    delivered_on=", zugestellt am {eta}",
    with_carrier=" mit {carrier}",
    tracking=", Sendungsnummer {tracking}",
    sign_in="Melde dich an, um die Artikel und Sendungsnummern zu sehen.",
    item="- {name} ×{qty} von {vendor}: {parcel}.",
    not_shipped="noch nicht versandt (der Verkäufer bereitet sie vor)",
    vendor_part="Bestellung {order}{placed}, dein Teil:",
    vendor_item="- {name} ×{qty}: {parcel}.",
    nothing_shipped="- Noch nichts versandt.",
    vendor_card="{name} ({id}) erreichst du unter {email}, {hours}.",
    vendor_replies=" Antwort meist innerhalb von {hours} Stunden.",
    no_vendor="Ich finde keinen Verkäufer zu {query} im Verkäuferverzeichnis.",
    statuses={
        "processing": "wird vom Verkäufer vorbereitet",
        "shipped": "versandt",
        "in_transit": "unterwegs",
        "delivered": "zugestellt",
        "delayed": "verspätet",
        "cancelled": "storniert",
        "refunded": "erstattet",
        "partially_shipped": "teilweise versandt",
        "lost": "als verloren gemeldet",
        "paid": "bezahlt",
        "pending": "ausstehend",
        "failed": "fehlgeschlagen",
        "authorised": "autorisiert",
        "authorized": "autorisiert",
    },
)

FRENCH = OrderTexts(
    not_found="Je ne trouve pas la commande {order}. Vérifiez le numéro sur votre confirmation de commande.",
    unavailable=(
        "Je ne peux pas consulter la commande {order} pour le moment : notre système de commandes ne répond pas. "
        "Réessayez dans quelques minutes, ou demandez une personne si cela ne peut pas attendre."
    ),
    order_is="Commande {order}{placed} : {status}{payment}.",
    placed=" (passée le {date})",
    payment=" ; paiement {status}",
    parcel="- Colis {number} : {text}.",
    expected=", prévu le {eta}",
    delivered_on=", livré le {eta}",
    with_carrier=" avec {carrier}",
    tracking=", suivi {tracking}",
    sign_in="Connectez-vous pour voir les articles et les numéros de suivi.",
    item="- {name} ×{qty} de {vendor} : {parcel}.",
    not_shipped="pas encore expédié (le vendeur le prépare)",
    vendor_part="Commande {order}{placed}, votre partie :",
    vendor_item="- {name} ×{qty} : {parcel}.",
    nothing_shipped="- Rien d'expédié pour l'instant.",
    vendor_card="Vous pouvez joindre {name} ({id}) à {email}, {hours}.",
    vendor_replies=" Réponse habituelle sous {hours} heures.",
    no_vendor="Je ne trouve aucun vendeur correspondant à {query} dans l'annuaire des vendeurs.",
    statuses={
        "processing": "en préparation chez le vendeur",
        "shipped": "expédiée",
        "in_transit": "en transit",
        "delivered": "livrée",
        "delayed": "retardée",
        "cancelled": "annulée",
        "refunded": "remboursée",
        "partially_shipped": "expédiée en partie",
        "lost": "déclarée perdue",
        "paid": "payé",
        "pending": "en attente",
        "failed": "échoué",
        "authorised": "autorisé",
        "authorized": "autorisé",
    },
    parcel_statuses={
        "processing": "en préparation chez le vendeur",
        "shipped": "expédié",
        "delivered": "livré",
        "delayed": "retardé",
        "cancelled": "annulé",
        "refunded": "remboursé",
        "lost": "déclaré perdu",
    },
    payment_statuses={"paid": "effectué", "refunded": "remboursé", "failed": "échoué"},
)

ORDER_TEXTS: dict[str, OrderTexts] = {"en": ENGLISH, "es": SPANISH, "de": GERMAN, "fr": FRENCH}


def order_texts(language: str | None) -> OrderTexts:
    """The order and vendor sentences in `language` ("es", "es-MX"), English where there are none."""
    return ORDER_TEXTS.get((language or "en").split("-")[0].lower(), ENGLISH)
