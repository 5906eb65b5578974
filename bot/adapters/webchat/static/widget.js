/*
 * Baton web-chat widget: one <script src=".../widget.js" async></script> tag on any page.
 *
 * Speaks the `/chat/ws` protocol of docs/widget.md. Plain JavaScript, no build step, no
 * dependencies; all markup and styles live in a Shadow DOM so the host page cannot break them.
 * Its title, team name, greeting and colours come from the server's brand.yaml
 * (GET /widget/brand.json) unless the script tag's data- attributes set them.
 * Nothing from the server is ever parsed as HTML: text goes through textContent, and links are
 * built as elements only for http(s) (and, in Markdown, mailto) URLs. The assistant's and
 * teammates' Markdown is rendered as DOM nodes (appendMarkdown); customers' text stays as typed.
 */
(() => {
  "use strict";

  if (window.BatonChat) return; // the tag was included twice

  const BACKOFF_BASE_MS = 500;
  const BACKOFF_CAP_MS = 15000;
  const CONNECT_TIMEOUT_MS = 10000; // socket opened and welcomed within this, or we retry
  const TYPING_TIMEOUT_MS = 12000;
  const TOAST_MS = 6000;
  const CLOSE_BAD_TOKEN = 4401;
  const CLOSE_TOO_MANY = 4429; // this network's chat connections or new chats are used up for now
  const BUSY_RETRY_MS = 30000; // after a 4429, the next try comes 15-45 s later, not at once
  const BRAND_TIMEOUT_MS = 5000; // the brand, or the widget's own defaults after this
  // The only colours taken from the server: nothing but "#" and hex digits reaches the styles
  // (the server refuses anything else in brand.yaml too: bot/brand.py HEX_COLOUR).
  const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
  const PER_MESSAGE_ERRORS = new Set([
    "too_long", "rate_limited", "client_rate_limited", "bad_message", "bad_json", "unknown_type", "bad_frame",
    "bad_attachment", "too_many_attachments",
  ]);
  // Files the server takes (brand.json `files` may say otherwise): checked here only for a quick
  // message; the server judges every file by its content (docs/webchat-protocol.md#files).
  const FILE_DEFAULTS = {
    maxBytes: 10 * 1024 * 1024,
    perMessage: 5,
    types: ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"],
  };
  const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

  // -- language --------------------------------------------------------------------------------

  /**
   * Everything the widget itself writes, per language (messages from the server are shown as
   * sent). `t(key, vars)` fills "{name}" placeholders; numbers are formatted for the language.
   * A key missing in a language falls back to English.
   */
  const STRINGS = {
    en: {
      title: "Chat with us",
      brandTitle: "{brand} help",
      greeting: "Hi! Ask me about orders, returns, payments or selling here.",
      openChat: "Open chat: {title}",
      openChatNewOne: "Open chat: {title} ({count} new message)",
      openChatNewMany: "Open chat: {title} ({count} new messages)",
      closeChatTitled: "Close chat: {title}",
      closeChat: "Close chat",
      conversation: "Conversation",
      yourMessage: "Your message",
      placeholder: "Type your message…",
      send: "Send message",
      hints: "Enter to send · Shift+Enter for a new line",
      connecting: "Connecting…",
      reconnecting: "Reconnecting…",
      online: "Online",
      offlineQueued: "Offline · your messages will be sent when we reconnect",
      offline: "You're offline · we'll reconnect automatically",
      busy: "Chat is busy · we'll reconnect shortly",
      unreachable: "Can't reach chat right now · retrying…",
      unavailable: "Chat unavailable",
      waiting: "A teammate will reply here soon.",
      chattingWith: "You're chatting with {name}.",
      chattingWithTeammate: "You're chatting with a teammate.",
      teammateTyping: "A teammate is typing…",
      isTyping: "{name} is typing…",
      typing: "Typing…",
      brandTeam: "{brand} team",
      supportTeam: "Support team",
      assistant: "Assistant",
      youSaid: "You said:",
      notice: "Notice:",
      readMore: "Read more",
      notSent: "Not sent",
      notSentWhy: "Not sent ({reason})",
      retry: "Retry",
      sending: "Sending…",
      waitingForConnection: "Waiting for connection…",
      reasonTooLong: "too long",
      reasonTooMany: "too many messages",
      overLimit: "That message is {over} characters over the {max}-character limit.",
      otherAccount: "That earlier chat belongs to another account, so we've started a new one.",
      chatEnded: "Your earlier chat has ended, so we've started a new one.",
      badToken: "We couldn't confirm your sign-in for chat. Please reload the page to continue.",
      badTokenWhy: "We couldn't confirm your sign-in for chat ({reason}). Please reload the page to continue.",
      somethingWrong: "Something went wrong. Please try again.",
      errTooLong: "That message is too long (up to {max} characters).",
      errRateLimited: "You're sending messages quickly. Please wait a moment, then tap Retry.",
      errClientRateLimited: "Lots of messages are coming from your network. Please wait a minute, then tap Retry.",
      errTooManySockets: "Chat is open in too many tabs or windows on your network. Close a few and we'll reconnect.",
      errTooManyConversations: "Too many new chats were started from your network just now. We'll connect you in a minute.",
      errInternal: "Something went wrong on our side. Your message is saved and a teammate can see it.",
      errUnavailable: "We're reconnecting. Your message will be sent in a moment.",
      rateGroup: "Your rating",
      rateScore: "{score} out of {scale}",
      rateComment: "Add a comment (optional)",
      rateSend: "Send rating",
      rateChoose: "Choose a score first.",
      rated: "You rated this {score} out of {scale}.",
      rateClosed: "This rating request has closed.",
      rateTooLong: "That comment is too long (up to {max} characters).",
      attach: "Attach a photo or PDF",
      attachedFiles: "Files to send",
      removeFile: "Remove {name}",
      uploading: "Uploading… {percent}%",
      uploaded: "Ready to send",
      notUploaded: "Not sent",
      dropHere: "Drop a photo or PDF to attach it",
      sizeKB: "{size} KB",
      sizeMB: "{size} MB",
      pdf: "PDF",
      fileOpens: "{name} (opens in a new tab)",
      waitForFiles: "Wait a moment: your files are still uploading.",
      errFileType: "Only photos (JPEG, PNG, GIF, WebP) and PDF files can be sent.",
      errFileSize: "“{name}” is larger than {max}.",
      errFileEmpty: "“{name}” is empty.",
      errTooManyFiles: "Up to {count} files can go with one message.",
      errTooManyUploads: "You're sending files quickly. Please wait a minute, then try again.",
      errUploadFailed: "“{name}” could not be sent. Remove it and try again.",
      errBadAttachment: "A file in that message could not be found any more. Please attach it again.",
    },
    es: {
      title: "Chatea con nosotros",
      brandTitle: "Ayuda de {brand}",
      greeting: "¡Hola! Pregúntame sobre pedidos, devoluciones, pagos o cómo vender aquí.",
      openChat: "Abrir chat: {title}",
      openChatNewOne: "Abrir chat: {title} ({count} mensaje nuevo)",
      openChatNewMany: "Abrir chat: {title} ({count} mensajes nuevos)",
      closeChatTitled: "Cerrar chat: {title}",
      closeChat: "Cerrar chat",
      conversation: "Conversación",
      yourMessage: "Tu mensaje",
      placeholder: "Escribe tu mensaje…",
      send: "Enviar mensaje",
      hints: "Intro para enviar · Mayús+Intro para una línea nueva",
      connecting: "Conectando…",
      reconnecting: "Reconectando…",
      online: "En línea",
      offlineQueued: "Sin conexión · tus mensajes se enviarán al reconectar",
      offline: "Estás sin conexión · nos reconectaremos automáticamente",
      busy: "El chat está saturado · nos reconectaremos en breve",
      unreachable: "No podemos conectar con el chat ahora · reintentando…",
      unavailable: "Chat no disponible",
      waiting: "Alguien del equipo te responderá aquí pronto.",
      chattingWith: "Estás chateando con {name}.",
      chattingWithTeammate: "Estás chateando con alguien del equipo.",
      teammateTyping: "Alguien del equipo está escribiendo…",
      isTyping: "{name} está escribiendo…",
      typing: "Escribiendo…",
      brandTeam: "Equipo de {brand}",
      supportTeam: "Equipo de soporte",
      assistant: "Asistente",
      youSaid: "Dijiste:",
      notice: "Aviso:",
      readMore: "Más información",
      notSent: "No enviado",
      notSentWhy: "No enviado ({reason})",
      retry: "Reintentar",
      sending: "Enviando…",
      waitingForConnection: "Esperando conexión…",
      reasonTooLong: "demasiado largo",
      reasonTooMany: "demasiados mensajes",
      overLimit: "Ese mensaje supera en {over} caracteres el límite de {max}.",
      otherAccount: "Ese chat anterior pertenece a otra cuenta, así que hemos empezado uno nuevo.",
      chatEnded: "Tu chat anterior ha terminado, así que hemos empezado uno nuevo.",
      badToken: "No pudimos confirmar tu inicio de sesión en el chat. Vuelve a cargar la página para continuar.",
      badTokenWhy: "No pudimos confirmar tu inicio de sesión en el chat ({reason}). Vuelve a cargar la página para continuar.",
      somethingWrong: "Algo salió mal. Inténtalo de nuevo.",
      errTooLong: "Ese mensaje es demasiado largo (máximo {max} caracteres).",
      errRateLimited: "Estás enviando mensajes muy rápido. Espera un momento y pulsa Reintentar.",
      errClientRateLimited: "Llegan muchos mensajes desde tu red. Espera un minuto y pulsa Reintentar.",
      errTooManySockets: "El chat está abierto en demasiadas pestañas o ventanas de tu red. Cierra algunas y nos reconectaremos.",
      errTooManyConversations: "Se han iniciado demasiados chats nuevos desde tu red. Te conectaremos en un minuto.",
      errInternal: "Algo falló por nuestra parte. Tu mensaje está guardado y alguien del equipo puede verlo.",
      errUnavailable: "Estamos reconectando. Tu mensaje se enviará en un momento.",
      rateGroup: "Tu valoración",
      rateScore: "{score} de {scale}",
      rateComment: "Añade un comentario (opcional)",
      rateSend: "Enviar valoración",
      rateChoose: "Elige primero una puntuación.",
      rated: "Has valorado esta conversación con {score} de {scale}.",
      rateClosed: "Esta solicitud de valoración ya no está abierta.",
      rateTooLong: "Ese comentario es demasiado largo (máximo {max} caracteres).",
      attach: "Adjuntar una foto o un PDF",
      attachedFiles: "Archivos para enviar",
      removeFile: "Quitar {name}",
      uploading: "Subiendo… {percent} %",
      uploaded: "Listo para enviar",
      notUploaded: "No enviado",
      dropHere: "Suelta una foto o un PDF para adjuntarlo",
      sizeKB: "{size} KB",
      sizeMB: "{size} MB",
      pdf: "PDF",
      fileOpens: "{name} (se abre en una pestaña nueva)",
      waitForFiles: "Espera un momento: tus archivos aún se están subiendo.",
      errFileType: "Solo se pueden enviar fotos (JPEG, PNG, GIF, WebP) y archivos PDF.",
      errFileSize: "«{name}» ocupa más de {max}.",
      errFileEmpty: "«{name}» está vacío.",
      errTooManyFiles: "Puedes enviar hasta {count} archivos por mensaje.",
      errTooManyUploads: "Estás enviando archivos muy rápido. Espera un minuto y vuelve a intentarlo.",
      errUploadFailed: "No se pudo enviar «{name}». Quítalo e inténtalo de nuevo.",
      errBadAttachment: "Ya no encontramos un archivo de ese mensaje. Vuelve a adjuntarlo.",
    },
    de: {
      title: "Chatte mit uns",
      brandTitle: "{brand} Hilfe",
      greeting: "Hallo! Frag mich hier zu Bestellungen, Rücksendungen, Zahlungen oder zum Verkaufen.",
      openChat: "Chat öffnen: {title}",
      openChatNewOne: "Chat öffnen: {title} ({count} neue Nachricht)",
      openChatNewMany: "Chat öffnen: {title} ({count} neue Nachrichten)",
      closeChatTitled: "Chat schließen: {title}",
      closeChat: "Chat schließen",
      conversation: "Unterhaltung",
      yourMessage: "Deine Nachricht",
      placeholder: "Schreib deine Nachricht…",
      send: "Nachricht senden",
      hints: "Enter zum Senden · Umschalt+Enter für eine neue Zeile",
      connecting: "Verbinde…",
      reconnecting: "Verbinde erneut…",
      online: "Online",
      offlineQueued: "Offline · deine Nachrichten werden gesendet, sobald die Verbindung wieder steht",
      offline: "Du bist offline · wir verbinden uns automatisch neu",
      busy: "Der Chat ist ausgelastet · wir verbinden uns gleich neu",
      unreachable: "Chat gerade nicht erreichbar · neuer Versuch…",
      unavailable: "Chat nicht verfügbar",
      waiting: "Jemand aus unserem Team antwortet dir hier bald.",
      chattingWith: "Du chattest mit {name}.",
      chattingWithTeammate: "Du chattest mit jemandem aus unserem Team.",
      teammateTyping: "Jemand aus unserem Team schreibt…",
      isTyping: "{name} schreibt…",
      typing: "Schreibt…",
      brandTeam: "Team {brand}",
      supportTeam: "Support-Team",
      assistant: "Assistent",
      youSaid: "Du hast geschrieben:",
      notice: "Hinweis:",
      readMore: "Mehr dazu",
      notSent: "Nicht gesendet",
      notSentWhy: "Nicht gesendet ({reason})",
      retry: "Erneut senden",
      sending: "Wird gesendet…",
      waitingForConnection: "Warte auf Verbindung…",
      reasonTooLong: "zu lang",
      reasonTooMany: "zu viele Nachrichten",
      overLimit: "Diese Nachricht ist {over} Zeichen zu lang (höchstens {max} Zeichen).",
      otherAccount: "Dein früherer Chat gehört zu einem anderen Konto, deshalb haben wir einen neuen begonnen.",
      chatEnded: "Dein früherer Chat ist beendet, deshalb haben wir einen neuen begonnen.",
      badToken: "Wir konnten deine Anmeldung für den Chat nicht bestätigen. Bitte lade die Seite neu, um weiterzumachen.",
      badTokenWhy: "Wir konnten deine Anmeldung für den Chat nicht bestätigen ({reason}). Bitte lade die Seite neu, um weiterzumachen.",
      somethingWrong: "Da ist etwas schiefgelaufen. Bitte versuch es noch einmal.",
      errTooLong: "Diese Nachricht ist zu lang (höchstens {max} Zeichen).",
      errRateLimited: "Du sendest gerade sehr schnell. Warte kurz und tippe dann auf „Erneut senden“.",
      errClientRateLimited: "Aus deinem Netzwerk kommen gerade sehr viele Nachrichten. Warte eine Minute und tippe dann auf „Erneut senden“.",
      errTooManySockets: "Der Chat ist in deinem Netzwerk in zu vielen Tabs oder Fenstern offen. Schließ ein paar, dann verbinden wir uns neu.",
      errTooManyConversations: "Aus deinem Netzwerk wurden gerade zu viele neue Chats gestartet. Wir verbinden dich in einer Minute.",
      errInternal: "Bei uns ist etwas schiefgelaufen. Deine Nachricht ist gespeichert und unser Team kann sie sehen.",
      errUnavailable: "Wir verbinden uns neu. Deine Nachricht wird gleich gesendet.",
      rateGroup: "Deine Bewertung",
      rateScore: "{score} von {scale}",
      rateComment: "Kommentar hinzufügen (optional)",
      rateSend: "Bewertung senden",
      rateChoose: "Wähle zuerst eine Punktzahl.",
      rated: "Du hast diese Unterhaltung mit {score} von {scale} bewertet.",
      rateClosed: "Diese Bewertungsanfrage ist nicht mehr offen.",
      rateTooLong: "Dieser Kommentar ist zu lang (höchstens {max} Zeichen).",
      attach: "Foto oder PDF anhängen",
      attachedFiles: "Dateien zum Senden",
      removeFile: "{name} entfernen",
      uploading: "Wird hochgeladen… {percent} %",
      uploaded: "Bereit zum Senden",
      notUploaded: "Nicht gesendet",
      dropHere: "Foto oder PDF hier ablegen, um es anzuhängen",
      sizeKB: "{size} KB",
      sizeMB: "{size} MB",
      pdf: "PDF",
      fileOpens: "{name} (öffnet sich in einem neuen Tab)",
      waitForFiles: "Einen Moment: deine Dateien werden noch hochgeladen.",
      errFileType: "Es können nur Fotos (JPEG, PNG, GIF, WebP) und PDF-Dateien gesendet werden.",
      errFileSize: "„{name}“ ist größer als {max}.",
      errFileEmpty: "„{name}“ ist leer.",
      errTooManyFiles: "Mit einer Nachricht können höchstens {count} Dateien gesendet werden.",
      errTooManyUploads: "Du sendest gerade sehr schnell Dateien. Warte eine Minute und versuch es dann noch einmal.",
      errUploadFailed: "„{name}“ konnte nicht gesendet werden. Entferne die Datei und versuch es noch einmal.",
      errBadAttachment: "Eine Datei dieser Nachricht ist nicht mehr da. Bitte häng sie noch einmal an.",
    },
    fr: {
      title: "Discutez avec nous",
      brandTitle: "Aide {brand}",
      greeting: "Bonjour ! Posez-moi vos questions sur les commandes, les retours, les paiements ou la vente ici.",
      openChat: "Ouvrir le chat : {title}",
      openChatNewOne: "Ouvrir le chat : {title} ({count} nouveau message)",
      openChatNewMany: "Ouvrir le chat : {title} ({count} nouveaux messages)",
      closeChatTitled: "Fermer le chat : {title}",
      closeChat: "Fermer le chat",
      conversation: "Conversation",
      yourMessage: "Votre message",
      placeholder: "Écrivez votre message…",
      send: "Envoyer le message",
      hints: "Entrée pour envoyer · Maj+Entrée pour aller à la ligne",
      connecting: "Connexion…",
      reconnecting: "Reconnexion…",
      online: "En ligne",
      offlineQueued: "Hors ligne · vos messages partiront dès le retour de la connexion",
      offline: "Vous êtes hors ligne · nous nous reconnecterons automatiquement",
      busy: "Le chat est très sollicité · nous nous reconnecterons sous peu",
      unreachable: "Chat injoignable pour le moment · nouvelle tentative…",
      unavailable: "Chat indisponible",
      waiting: "Un membre de l'équipe vous répondra ici très bientôt.",
      chattingWith: "Vous discutez avec {name}.",
      chattingWithTeammate: "Vous discutez avec un membre de l'équipe.",
      teammateTyping: "Un membre de l'équipe écrit…",
      isTyping: "{name} écrit…",
      typing: "En train d'écrire…",
      brandTeam: "Équipe {brand}",
      supportTeam: "Équipe d'assistance",
      assistant: "Assistant",
      youSaid: "Vous avez écrit :",
      notice: "Information :",
      readMore: "En savoir plus",
      notSent: "Non envoyé",
      notSentWhy: "Non envoyé ({reason})",
      retry: "Réessayer",
      sending: "Envoi en cours…",
      waitingForConnection: "En attente de connexion…",
      reasonTooLong: "trop long",
      reasonTooMany: "trop de messages",
      overLimit: "Ce message dépasse de {over} caractères la limite de {max}.",
      otherAccount: "Votre conversation précédente appartient à un autre compte : nous en avons commencé une nouvelle.",
      chatEnded: "Votre conversation précédente est terminée : nous en avons commencé une nouvelle.",
      badToken: "Nous n'avons pas pu confirmer votre connexion au chat. Rechargez la page pour continuer.",
      badTokenWhy: "Nous n'avons pas pu confirmer votre connexion au chat ({reason}). Rechargez la page pour continuer.",
      somethingWrong: "Un problème est survenu. Veuillez réessayer.",
      errTooLong: "Ce message est trop long ({max} caractères maximum).",
      errRateLimited: "Vous envoyez des messages très vite. Patientez un instant, puis touchez Réessayer.",
      errClientRateLimited: "Beaucoup de messages arrivent de votre réseau. Patientez une minute, puis touchez Réessayer.",
      errTooManySockets: "Le chat est ouvert dans trop d'onglets ou de fenêtres sur votre réseau. Fermez-en quelques-uns et nous nous reconnecterons.",
      errTooManyConversations: "Trop de nouvelles conversations ont été ouvertes depuis votre réseau. Nous vous connecterons d'ici une minute.",
      errInternal: "Un problème est survenu de notre côté. Votre message est enregistré et un membre de l'équipe peut le voir.",
      errUnavailable: "Reconnexion en cours. Votre message partira dans un instant.",
      rateGroup: "Votre note",
      rateScore: "{score} sur {scale}",
      rateComment: "Ajouter un commentaire (facultatif)",
      rateSend: "Envoyer la note",
      rateChoose: "Choisissez d'abord une note.",
      rated: "Vous avez noté cette conversation {score} sur {scale}.",
      rateClosed: "Cette demande d'évaluation n'est plus ouverte.",
      rateTooLong: "Ce commentaire est trop long ({max} caractères maximum).",
      attach: "Joindre une photo ou un PDF",
      attachedFiles: "Fichiers à envoyer",
      removeFile: "Retirer {name}",
      uploading: "Envoi du fichier… {percent} %",
      uploaded: "Prêt à envoyer",
      notUploaded: "Non envoyé",
      dropHere: "Déposez une photo ou un PDF pour le joindre",
      sizeKB: "{size} Ko",
      sizeMB: "{size} Mo",
      pdf: "PDF",
      fileOpens: "{name} (s'ouvre dans un nouvel onglet)",
      waitForFiles: "Un instant : vos fichiers sont encore en cours d'envoi.",
      errFileType: "Seules les photos (JPEG, PNG, GIF, WebP) et les fichiers PDF peuvent être envoyés.",
      errFileSize: "« {name} » dépasse {max}.",
      errFileEmpty: "« {name} » est vide.",
      errTooManyFiles: "Vous pouvez joindre jusqu'à {count} fichiers par message.",
      errTooManyUploads: "Vous envoyez des fichiers très vite. Patientez une minute, puis réessayez.",
      errUploadFailed: "« {name} » n'a pas pu être envoyé. Retirez-le et réessayez.",
      errBadAttachment: "Un fichier de ce message est introuvable. Veuillez le joindre à nouveau.",
    },
  };

  const hasLanguage = (code) => Object.prototype.hasOwnProperty.call(STRINGS, code);
  const primaryOf = (tag) => String(tag || "").trim().toLowerCase().split(/[-_]/)[0];

  /**
   * The first of `tags` the widget has (by primary subtag: "es-MX" → "es") and the bot speaks
   * (`spoken`, BOT_LANGUAGES; empty: any); else the first the bot speaks that the widget has;
   * else English.
   */
  function pickLanguage(tags, spoken) {
    const allowed = spoken.map(primaryOf).filter(hasLanguage);
    for (const tag of tags) {
      const primary = primaryOf(tag);
      if (hasLanguage(primary) && (!allowed.length || allowed.includes(primary))) return primary;
    }
    return allowed[0] || "en";
  }

  /** The widget's text for `key`, with "{name}" placeholders filled from `vars`. */
  function t(key, vars) {
    const table = STRINGS[LANG];
    const text = table[key] !== undefined ? table[key] : STRINGS.en[key];
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name) => {
      if (!(name in vars)) return whole;
      const value = vars[name];
      return typeof value === "number" ? value.toLocaleString(LANG) : String(value);
    });
  }

  // -- configuration -------------------------------------------------------------------------

  const script = document.currentScript ||
    Array.from(document.scripts).find((s) => /\/widget\.js(?:[?#]|$)/.test(s.src));
  const data = (script && script.dataset) || {};

  /** Settings from the script tag's data attributes; the rest is settled with the brand (`settle`). */
  function readConfig() {
    let server;
    try {
      server = new URL(data.server || (script && script.src) || location.href, location.href).origin;
    } catch (_) {
      server = location.origin;
    }
    const maxChars = Number.parseInt(data.maxChars || "", 10);
    return {
      server,
      socketUrl: server.replace(/^http/, "ws") + "/chat/ws",
      token: data.token || "",
      maxChars: Number.isInteger(maxChars) && maxChars > 0 ? maxChars : 0,
      title: "", brand: "", greeting: "", accent: "", accentText: "",
    };
  }

  const config = readConfig();
  // Both known once the brand is (`settle`): the widget's language, and the longest message.
  let LANG = "en";
  let MAX_CHARS = 4000;
  let FILES = FILE_DEFAULTS; // what files may be sent (`cleanFiles`)

  /** The brand from the server (GET /widget/brand.json, docs/widget.md#brand), only where it has the
   *  expected shape: texts as strings, colours as strict hex. `null` gives the widget's defaults. */
  function cleanBrand(raw) {
    const obj = (v) => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
    const text = (v) => (typeof v === "string" ? v.trim().slice(0, 300) : "");
    const colour = (v) => (typeof v === "string" && HEX_COLOUR.test(v) ? v : "");
    const brand = obj(raw);
    const texts = new Map(); // a Map: a language called "__proto__" is just a key
    for (const [code, value] of Object.entries(obj(brand.texts))) {
      const v = obj(value);
      texts.set(code, { title: text(v.title), team: text(v.team), greeting: text(v.greeting) });
    }
    const colors = obj(brand.colors);
    return {
      botName: text(brand.bot_name), marketplace: text(brand.marketplace), title: text(brand.title),
      team: text(brand.team), greeting: text(brand.greeting), texts,
      accent: colour(colors.accent), accentText: colour(colors.accent_text),
      languages: Array.isArray(brand.languages) ? brand.languages.filter((l) => typeof l === "string") : [],
      maxChars: Number.isInteger(brand.max_chars) && brand.max_chars > 0 ? brand.max_chars : 0,
      files: cleanFiles(obj(brand.files)),
    };
  }

  /** What files the server takes (brand.json `files`), else the defaults. */
  function cleanFiles(files) {
    const known = FILE_DEFAULTS.types;
    const types = Array.isArray(files.types) ? files.types.filter((v) => known.includes(v)) : [];
    return {
      maxBytes: Number.isInteger(files.max_bytes) && files.max_bytes > 0 ? files.max_bytes : FILE_DEFAULTS.maxBytes,
      perMessage: Number.isInteger(files.per_message) && files.per_message > 0 ? files.per_message : FILE_DEFAULTS.perMessage,
      types: types.length ? types : known,
    };
  }

  /** The brand from the Baton server; the widget's defaults (and one console warning) without it. */
  async function fetchBrand() {
    const url = `${config.server}/widget/brand.json`;
    const abort = typeof AbortController === "function" ? new AbortController() : null;
    const timer = abort ? setTimeout(() => abort.abort(), BRAND_TIMEOUT_MS) : null;
    try {
      const response = await fetch(url, { credentials: "omit", signal: abort ? abort.signal : undefined });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return cleanBrand(await response.json());
    } catch (err) {
      console.warn(`Baton chat: could not load ${url} (${(err && err.message) || err}); ` +
        "showing the widget's own title, texts and colours.");
      return cleanBrand(null);
    } finally {
      clearTimeout(timer);
    }
  }

  /** What the widget shows: a data- attribute, else brand.yaml (in this language, else as written),
   *  else the widget's own default. The language: data-lang, else the browser's, among the bot's. */
  function settle(brand) {
    // An explicit data-lang wins over the browser's languages (an unsupported one is ignored).
    LANG = hasLanguage(primaryOf(data.lang)) ? primaryOf(data.lang) : pickLanguage([
      ...(Array.isArray(navigator.languages) ? navigator.languages : []),
      navigator.language,
    ], brand.languages);
    const own = brand.texts.get(LANG) || {};
    config.title = data.title || own.title || brand.title ||
      (brand.marketplace ? t("brandTitle", { brand: brand.marketplace }) : t("title"));
    config.brand = data.brand || own.team || brand.team;
    config.greeting = data.greeting || own.greeting || brand.greeting || t("greeting");
    // The page's own colour may be any CSS colour (the page is trusted); either way it is set as a
    // custom property's value (`applyColours`), never written into the style sheet's text.
    config.accent = (data.color && window.CSS && CSS.supports("color", data.color) ? data.color : "") || brand.accent;
    config.accentText = brand.accentText;
    MAX_CHARS = config.maxChars || brand.maxChars || 4000; // match WEBCHAT_MAX_CHARS
    FILES = brand.files;
    model.botName = brand.botName || null;
  }

  // -- small helpers -----------------------------------------------------------------------

  /** A random id for a customer message (crypto.randomUUID needs a secure context; this does not). */
  function newClientId() {
    if (window.crypto && typeof crypto.randomUUID === "function") {
      try { return crypto.randomUUID(); } catch (_) { /* insecure context */ }
    }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** Message ids look like Redis stream ids, "<ms>-<seq>"; order them numerically. */
  function compareIds(a, b) {
    const [am, as] = String(a).split("-").map(Number);
    const [bm, bs] = String(b).split("-").map(Number);
    return am !== bm ? am - bm : (as || 0) - (bs || 0);
  }

  const isId = (v) => typeof v === "string" && /^\d+-\d+$/.test(v);

  /** Length as the server counts it (Unicode code points, not UTF-16 units). */
  const charCount = (text) => Array.from(text).length;

  /** The URL if it is an absolute http(s) URL, else null. */
  function safeUrl(raw) {
    try {
      const url = new URL(String(raw));
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v == null) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children) if (child != null) node.append(child);
    return node;
  }

  function link(href, label) {
    return el("a", { href, target: "_blank", rel: "noopener noreferrer nofollow", text: label });
  }

  /** Append text to `parent`, turning bare http(s) URLs into links; never parses HTML. */
  function appendLinked(parent, text) {
    const re = /\bhttps?:\/\/[^\s<>"']+/gi;
    let last = 0;
    for (const match of text.matchAll(re)) {
      let raw = match[0];
      const trailing = raw.match(/[.,;:!?)\]]+$/);
      if (trailing) raw = raw.slice(0, -trailing[0].length);
      const href = safeUrl(raw);
      if (!href) continue;
      parent.append(text.slice(last, match.index), link(href, raw));
      last = match.index + raw.length;
    }
    parent.append(text.slice(last));
  }

  /** A Markdown link target if it may become a link: an absolute http(s) URL, or mailto:. */
  function safeLink(raw) {
    try {
      const url = new URL(String(raw).trim());
      if (url.protocol === "http:" || url.protocol === "https:") return url.href;
      if (url.protocol === "mailto:" && url.pathname) return url.href;
    } catch (_) { /* relative or malformed: shown as typed */ }
    return null;
  }

  // -- Markdown: the allow-listed subset answers and teammates' replies use ---------------------
  // Paragraphs, line breaks, **bold**, *italics*, `code`, ``` blocks, "- " and "1. " lists,
  // [links](https://…) (http, https, mailto; anything else stays text), tables, and headings as a
  // bold line. Built with createElement/textContent only: raw HTML in a message is just text.
  // bot/markup.py renders the same subset for the inbox page (docs/widget.md#formatting).

  const MD_ESCAPABLE = "\\`*_{}[]()#+-.!|<>~";
  const MD_FENCE = /^\s{0,3}(`{3,}|~{3,})/;
  const MD_HEADING = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
  const MD_ITEM = /^(\s*)(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;
  const MD_TABLE_RULE = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
  const WORD_CHAR = /[\p{L}\p{N}]/u;

  /** The emphasis starting at text[i] ("**x**", "__x__", "*x*", "_x_"), or null. Inside each
   * end sits a non-space character, so masked numbers ("**** 1111") and "2 * 3" stay literal. */
  function emphasisAt(text, i) {
    const c = text[i];
    if (i > 0 && text[i - 1] === c) return null; // inside a longer run ("***", "window.__x")
    if (c === "_" && i > 0 && WORD_CHAR.test(text[i - 1])) return null; // snake_case_word
    const d = c === "*" ? "\\*" : "_";
    const after = c === "_" ? `(?![\\p{L}\\p{N}${d}])` : `(?!${d})`;
    const rest = text.slice(i);
    let m = new RegExp(`^${d}${d}(?![\\s${d}])([\\s\\S]*?[^\\s${d}])${d}${d}${after}`, "u").exec(rest);
    if (m) return { strong: true, inner: m[1], length: m[0].length };
    m = new RegExp(`^${d}(?![\\s${d}])([^${d}]*?[^\\s${d}])${d}${after}`, "u").exec(rest);
    if (m) return { strong: false, inner: m[1], length: m[0].length };
    return null;
  }

  /** Inline Markdown as DOM nodes; plain runs get bare URLs linked (not inside a link). */
  function appendInline(parent, text, inLink) {
    let plain = "";
    const flush = () => {
      if (!plain) return;
      if (inLink) parent.append(plain);
      else appendLinked(parent, plain);
      plain = "";
    };
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      const rest = text.slice(i);
      let m;
      if (c === "\\" && i + 1 < text.length && MD_ESCAPABLE.includes(text[i + 1])) {
        plain += text[i + 1];
        i += 2;
        continue;
      }
      if (c === "`" && (m = /^(`+)(?!`)([\s\S]*?[^`])\1(?!`)/.exec(rest))) {
        flush();
        parent.append(el("code", { text: m[2].trim() || m[2] }));
        i += m[0].length;
        continue;
      }
      if (!inLink && c === "[" && (m = /^\[((?:\\.|[^[\]\\])+)\]\(\s*<?([^\s()<>]+)>?\s*\)/.exec(rest))) {
        const href = safeLink(m[2]);
        if (href) {
          flush();
          const a = link(href, "");
          appendInline(a, m[1], true);
          parent.append(a);
          i += m[0].length;
          continue;
        }
      }
      if (!inLink && c === "<" && (m = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(rest))) {
        const href = safeLink(m[1]);
        if (href) {
          flush();
          parent.append(link(href, m[1].replace(/^mailto:/i, "")));
          i += m[0].length;
          continue;
        }
      }
      if ((c === "*" || c === "_") && (m = emphasisAt(text, i))) {
        flush();
        const node = el(m.strong ? "strong" : "em");
        appendInline(node, m.inner, inLink);
        parent.append(node);
        i += m.length;
        continue;
      }
      plain += c;
      i += 1;
    }
    flush();
  }

  /** A table row's cells: split on unescaped pipes, outer pipes dropped. */
  function tableCells(line) {
    let s = line.trim();
    if (s.startsWith("|")) s = s.slice(1);
    if (s.endsWith("|") && !s.endsWith("\\|")) s = s.slice(0, -1);
    const cells = [];
    let cell = "";
    for (let i = 0; i < s.length; i += 1) {
      if (s[i] === "\\" && s[i + 1] === "|") { cell += "\\|"; i += 1; continue; }
      if (s[i] === "|") { cells.push(cell.trim()); cell = ""; continue; }
      cell += s[i];
    }
    cells.push(cell.trim());
    return cells;
  }

  function tableStartsAt(lines, i) {
    const rule = lines[i + 1];
    return lines[i].includes("|") && rule !== undefined && rule.includes("|") && MD_TABLE_RULE.test(rule) &&
      tableCells(lines[i]).length === tableCells(rule).length;
  }

  /** Render the table starting at lines[i] (header, rule, rows); returns the index after it. */
  function appendTable(parent, lines, i) {
    const header = tableCells(lines[i]);
    const row = (cells, tag) => el("tr", null, ...header.map((_, k) => {
      const cell = el(tag);
      appendInline(cell, cells[k] || "");
      return cell;
    }));
    const body = el("tbody");
    let j = i + 2;
    for (; j < lines.length && lines[j].trim() && lines[j].includes("|") && !MD_FENCE.test(lines[j]); j += 1) {
      body.append(row(tableCells(lines[j]), "td"));
    }
    const table = el("table", null, el("thead", null, row(header, "th")));
    if (body.childElementCount) table.append(body);
    parent.append(el("div", { class: "table" }, table));
    return j;
  }

  function indentOf(spaces) {
    return spaces.replace(/\t/g, "    ").length;
  }

  /** Render list lines (items, their continuation lines) as nested <ul>/<ol> by indentation. */
  function appendList(parent, lines) {
    const stack = []; // open lists, outermost first: { indent, ordered, list }
    let item = null;
    for (const line of lines) {
      const m = line.match(MD_ITEM);
      if (!m) { // a continuation of the item above
        if (item) { item.append(el("br")); appendInline(item, line.trim()); }
        continue;
      }
      const indent = indentOf(m[1]);
      const ordered = m[3] !== undefined;
      while (stack.length && stack[stack.length - 1].indent > indent) stack.pop();
      let top = stack[stack.length - 1];
      if (top && top.indent === indent && top.ordered !== ordered) {
        stack.pop();
        top = stack[stack.length - 1];
      }
      if (!top || indent > top.indent) {
        const list = el(ordered ? "ol" : "ul");
        const start = ordered ? Number.parseInt(m[3], 10) : 1;
        if (start !== 1) list.setAttribute("start", String(start));
        (top && top.list.lastElementChild ? top.list.lastElementChild : parent).append(list);
        top = { indent, ordered, list };
        stack.push(top);
      }
      item = el("li");
      appendInline(item, m[4]);
      top.list.append(item);
    }
  }

  /** Render Markdown text into `parent` as DOM nodes (see the subset above). */
  function appendMarkdown(parent, text) {
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    let paragraph = null;
    const endParagraph = () => {
      if (!paragraph) return;
      const p = el("p");
      paragraph.forEach((line, k) => {
        if (k) p.append(el("br"));
        appendInline(p, line);
      });
      parent.append(p);
      paragraph = null;
    };
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      if (!line.trim()) { endParagraph(); i += 1; continue; }
      const fence = line.match(MD_FENCE);
      if (fence) {
        endParagraph();
        const close = new RegExp(`^\\s{0,3}${fence[1][0] === "`" ? "`" : "~"}{${fence[1].length},}\\s*$`);
        const code = [];
        for (i += 1; i < lines.length && !close.test(lines[i]); i += 1) code.push(lines[i]);
        i += 1; // the closing fence (or the end)
        parent.append(el("pre", null, el("code", { text: code.join("\n") })));
        continue;
      }
      if (tableStartsAt(lines, i)) {
        endParagraph();
        i = appendTable(parent, lines, i);
        continue;
      }
      const heading = line.match(MD_HEADING);
      if (heading) {
        endParagraph();
        const strong = el("strong");
        appendInline(strong, heading[1]);
        parent.append(el("p", { class: "heading" }, strong));
        i += 1;
        continue;
      }
      if (MD_ITEM.test(line)) {
        endParagraph();
        const listLines = [];
        while (i < lines.length) {
          const next = lines[i];
          if (MD_ITEM.test(next) || (next.trim() && /^\s/.test(next))) {
            listLines.push(next);
            i += 1;
          } else if (!next.trim() && i + 1 < lines.length && (MD_ITEM.test(lines[i + 1]) || /^\s+\S/.test(lines[i + 1]))) {
            i += 1; // a blank line between items: the same list
          } else {
            break;
          }
        }
        appendList(parent, listLines);
        continue;
      }
      if (!paragraph) paragraph = [];
      paragraph.push(line.trim());
      i += 1;
    }
    endParagraph();
  }

  function formatTime(ts) {
    if (typeof ts !== "number" || !isFinite(ts)) return "";
    return new Date(ts * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  // -- files: photos and PDFs in messages ----------------------------------------------------------

  /** A file size for people, in the widget's language ("1.2 MB", "1,2 Mo", "340 KB"). */
  function formatSize(bytes) {
    if (bytes >= 1024 * 1024) {
      const size = (bytes / (1024 * 1024)).toLocaleString(LANG, { maximumFractionDigits: 1 });
      return t("sizeMB", { size });
    }
    return t("sizeKB", { size: Math.max(1, Math.round(bytes / 1024)).toLocaleString(LANG) });
  }

  /**
   * A file's link from the server, made absolute against the Baton server (the widget runs on
   * the marketplace's pages, not the bot's): only a path on that server is taken, so a link in a
   * frame can never point the customer anywhere else.
   */
  function fileUrl(raw) {
    if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//")) return null;
    try {
      const url = new URL(raw, config.server);
      return url.origin === config.server ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  /** A message's files (from a frame, or those just uploaded) in a shape we trust, or []. */
  function cleanAttachments(list) {
    if (!Array.isArray(list)) return [];
    return list.filter((a) => a && typeof a === "object" && typeof a.id === "string").slice(0, 10).map((a) => ({
      id: a.id,
      name: typeof a.name === "string" && a.name.trim() ? a.name.trim().slice(0, 200) : "file",
      type: typeof a.type === "string" ? a.type : "",
      size: Number.isFinite(a.size) && a.size >= 0 ? a.size : null,
      url: typeof a.url === "string" ? a.url : "",
    }));
  }

  /**
   * A message's files as DOM nodes: photos as thumbnails (a click opens the full photo in a new
   * tab), PDFs as a link with their name and size. Names are the sender's input: they only ever
   * become text or attribute values, never markup.
   */
  function buildFiles(attachments) {
    const box = el("div", { class: "files" });
    for (const a of attachments) {
      const href = fileUrl(a.url);
      const expires = href ? String(linkExpiry(href)) : "";
      if (href && IMAGE_TYPES.has(a.type)) {
        const image = el("img", { class: "thumb", src: href, alt: a.name, decoding: "async" });
        image.addEventListener("error", () => {
          // An expired link (a chat left open for hours): ask once for a fresh one.
          if (image.dataset.retried) return;
          image.dataset.retried = "1";
          refreshFileLinks([a.id]);
        });
        box.append(el("a", {
          class: "file image", href, target: "_blank", rel: "noopener noreferrer", title: t("fileOpens", { name: a.name }),
          "data-file-id": a.id, "data-expires": expires,
        }, image));
        continue;
      }
      const parts = [
        el("span", { class: "file-icon", "aria-hidden": "true", text: a.type === "application/pdf" ? t("pdf") : "•" }),
        el("span", { class: "file-name", text: a.name }),
        a.size !== null ? el("span", { class: "file-size", text: formatSize(a.size) }) : null,
      ];
      box.append(href
        ? el("a", {
          class: "file doc", href, target: "_blank", rel: "noopener noreferrer", title: t("fileOpens", { name: a.name }),
          "data-file-id": a.id, "data-expires": expires,
        }, ...parts)
        : el("span", { class: "file doc" }, ...parts));
    }
    return box;
  }

  // -- fresh file links ------------------------------------------------------------------------
  // A file's signed link works for FILES_LINK_SECONDS (an hour) from when its frame was made; a
  // chat can stay open for longer (a person may answer hours later). Links close to expiring are
  // renewed over the socket (`file_links`, docs/webchat-protocol.md#file-links), so a photo or a
  // PDF still opens when the customer clicks it.
  const LINK_MARGIN_MS = 5 * 60 * 1000;

  /** When a signed link stops working (ms since the epoch; its `e`), or 0 if it doesn't say. */
  function linkExpiry(href) {
    try {
      return (Number(new URL(href).searchParams.get("e")) || 0) * 1000;
    } catch (_) {
      return 0;
    }
  }

  /** Ask for fresh links for the files shown whose links expire soon (and for `ids`). */
  function refreshFileLinks(ids) {
    if (!ws || ws.readyState !== WebSocket.OPEN || !welcomed) return;
    const wanted = new Set(ids || []);
    for (const node of ui.log.querySelectorAll("[data-file-id]")) {
      if ((Number(node.dataset.expires) || 0) - Date.now() < LINK_MARGIN_MS) wanted.add(node.dataset.fileId);
    }
    if (wanted.size) ws.send(JSON.stringify({ type: "file_links", ids: [...wanted].slice(0, 50) }));
  }

  /** The server's fresh links: every place the file is shown gets its new link. */
  function onFileLinks(frame) {
    const links = frame.links && typeof frame.links === "object" ? frame.links : {};
    for (const node of ui.log.querySelectorAll("[data-file-id]")) {
      const id = node.dataset.fileId;
      const href = Object.prototype.hasOwnProperty.call(links, id) ? fileUrl(links[id]) : null;
      if (!href) continue;
      node.href = href;
      node.dataset.expires = String(linkExpiry(href));
      const image = node.querySelector("img.thumb");
      if (image) image.src = href;
    }
  }

  // -- persistence -----------------------------------------------------------------------------

  /**
   * localStorage (shared by tabs, per server origin): session, conversation, last_seen.
   * sessionStorage (this tab): the unsent queue and whether the panel was open.
   * Storage can be unavailable (privacy modes); then we keep going in memory.
   */
  const storeKey = `baton-chat:v1:${config.server}`;
  function load(area) {
    try {
      return JSON.parse(window[area].getItem(storeKey) || "null") || {};
    } catch (_) {
      return {};
    }
  }
  function save(area, value) {
    try { window[area].setItem(storeKey, JSON.stringify(value)); } catch (_) { /* full or disabled */ }
  }

  const saved = load("localStorage");
  const tabSaved = load("sessionStorage");

  const model = {
    session: typeof saved.session === "string" ? saved.session : null,
    conversation: typeof saved.conversation === "string" ? saved.conversation : null,
    // The last message the customer had on screen with the panel open (drives the unread badge).
    lastSeen: isId(saved.last_seen) ? saved.last_seen : null,
    // The last server message rendered in this page: reconnects resume after it.
    lastReceived: null,
    pending: Array.isArray(tabSaved.pending)
      ? tabSaved.pending.filter((p) => p && typeof p.client_id === "string" && typeof p.text === "string")
        .map((p) => ({ ...p, files: cleanAttachments(p.files) }))
      : [],
    open: tabSaved.open === true,
    state: "bot",
    staffName: null,
    botName: null,
    unread: 0,
  };

  function persist() {
    save("localStorage", { session: model.session, conversation: model.conversation, last_seen: model.lastSeen });
    save("sessionStorage", {
      open: model.open,
      pending: model.pending.map((p) => ({
        client_id: p.client_id, text: p.text, files: p.files.length ? p.files : undefined, failed: p.failed || undefined,
      })),
    });
  }

  // -- view ----------------------------------------------------------------------------------

  const STYLE = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
.root {
  --accent: #0f6e7a;
  --accent-ink: #ffffff;
  --ink: #1c2430; --muted: #5b6675; --line: #dfe4ea; --bg: #ffffff; --soft: #f3f6f8;
  --human: #6b3fa0; --human-soft: #f4effa; --warn: #8a5a00; --warn-soft: #fff6e0; --bad: #b3261e;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink);
}
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button { font: inherit; color: inherit; cursor: pointer; }
button:focus-visible, textarea:focus-visible, a:focus-visible {
  outline: 3px solid color-mix(in srgb, var(--accent) 55%, white); outline-offset: 2px; }
[hidden] { display: none !important; }

.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  width: 60px; height: 60px; border-radius: 50%; border: 0;
  background: var(--accent); color: var(--accent-ink);
  box-shadow: 0 6px 20px rgba(16, 24, 40, .28);
  display: grid; place-items: center; transition: transform .15s ease;
}
.launcher:hover { transform: scale(1.05); }
.launcher svg { width: 28px; height: 28px; display: block; }
.launcher .icon-close, .launcher[aria-expanded="true"] .icon-chat { display: none; }
.launcher[aria-expanded="true"] .icon-close { display: block; }
.badge {
  position: absolute; top: -2px; right: -2px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; background: #d92d20; color: #fff; font-size: 12px; font-weight: 700;
  display: grid; place-items: center; border: 2px solid #fff;
}

.panel {
  position: fixed; right: 20px; bottom: 92px; z-index: 2147483001;
  width: 380px; max-width: calc(100vw - 24px);
  height: 600px; max-height: calc(100vh - 112px);
  display: flex; flex-direction: column; overflow: hidden;
  background: var(--bg); border-radius: 16px; border: 1px solid var(--line);
  box-shadow: 0 18px 50px rgba(16, 24, 40, .25);
}
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100%; max-height: 100%; border-radius: 0; }
}
header {
  display: flex; align-items: center; gap: 12px; padding: 14px 14px 14px 18px;
  background: var(--accent); color: var(--accent-ink);
}
header .titles { flex: 1; min-width: 0; }
header h2 { margin: 0; font-size: 16px; font-weight: 650; }
header .conn { margin: 2px 0 0; font-size: 12.5px; opacity: .9; display: flex; align-items: center; gap: 6px; }
header .conn::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: #9be7a8; }
header .conn[data-status="offline"]::before { background: #ffd27a; }
header .conn[data-status="fatal"]::before { background: #ff9b94; }
.close {
  width: 36px; height: 36px; border-radius: 10px; border: 0; background: transparent; color: inherit;
  display: grid; place-items: center;
}
.close:hover { background: rgba(255, 255, 255, .16); }
.close svg { width: 20px; height: 20px; }

.banner { padding: 9px 16px; font-size: 13.5px; border-bottom: 1px solid var(--line); }
.banner[data-state="waiting"] { background: var(--warn-soft); color: var(--warn); }
.banner[data-state="human"] { background: var(--human-soft); color: var(--human); }
.banner[data-state="fatal"] { background: #fdecea; color: var(--bad); }

.log { flex: 1; overflow-y: auto; padding: 16px 14px 8px; background: var(--soft);
  display: flex; flex-direction: column; gap: 10px; overscroll-behavior: contain; }
.intro { align-self: flex-start; max-width: 85%; padding: 10px 13px; background: var(--bg);
  border: 1px solid var(--line); border-radius: 14px 14px 14px 4px; color: var(--muted); }

.msg { display: flex; flex-direction: column; max-width: 85%; }
.msg .who { font-size: 12px; color: var(--muted); margin: 0 4px 3px; }
.msg .bubble { padding: 9px 13px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg .bubble a { color: inherit; }
.msg .bubble code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: var(--soft); border-radius: 4px; padding: 1px 4px; }
.msg .bubble.md { white-space: normal; }
.bubble.md > :first-child { margin-top: 0; }
.bubble.md > :last-child { margin-bottom: 0; }
.bubble.md p, .bubble.md ul, .bubble.md ol, .bubble.md pre, .bubble.md .table { margin: 0 0 8px; }
.bubble.md ul, .bubble.md ol { padding-left: 20px; }
.bubble.md li > ul, .bubble.md li > ol { margin: 2px 0 0; }
.bubble.md pre { white-space: pre-wrap; background: var(--soft); border-radius: 6px; padding: 6px 8px; }
.bubble.md pre code { padding: 0; }
.bubble.md .table { overflow-x: auto; }
.bubble.md table { border-collapse: collapse; font-size: 13.5px; }
.bubble.md th, .bubble.md td { border: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: top; }
.bubble.md th { background: var(--soft); font-weight: 650; }
.msg.human .bubble.md th, .msg.human .bubble.md td { border-color: #dccdf0; }
.msg.customer { align-self: flex-end; align-items: flex-end; }
.msg.customer .bubble { background: var(--accent); color: var(--accent-ink); border-bottom-right-radius: 4px; }
.msg.bot { align-self: flex-start; }
.msg.bot .bubble { background: var(--bg); border: 1px solid var(--line); border-bottom-left-radius: 4px; }
.msg.human { align-self: flex-start; }
.msg.human .who { color: var(--human); font-weight: 600; }
.msg.human .bubble { background: var(--human-soft); border: 1px solid #dccdf0; border-bottom-left-radius: 4px; }
.msg.system { align-self: center; max-width: 92%; text-align: center; }
.msg.system .bubble { background: transparent; color: var(--muted); font-size: 13px; padding: 4px 8px; }
.msg .meta { font-size: 11.5px; color: var(--muted); margin: 3px 4px 0; }
.msg.pending .bubble { opacity: .65; }
.msg.failed .bubble { opacity: 1; background: #fdecea; color: var(--bad); border: 1px solid #f5c2bd; }
.msg.failed .meta { color: var(--bad); }
.retry { border: 0; background: none; padding: 0; text-decoration: underline; color: var(--bad); font-size: 11.5px; }
.sources { margin: 6px 4px 0; padding: 0; list-style: none; font-size: 13px; }
.sources .label { color: var(--muted); font-size: 12px; }
.sources li { margin: 2px 0; }
.sources a { color: var(--accent); text-decoration: underline; text-underline-offset: 2px; }
.sources li::before { content: "↗ "; color: var(--muted); }
.sources li.label::before { content: ""; }

.typing { display: flex; align-items: center; gap: 8px; padding: 0 18px 6px; background: var(--soft);
  color: var(--muted); font-size: 12.5px; }
.dots { display: inline-flex; gap: 3px; }
.dots span { width: 6px; height: 6px; border-radius: 50%; background: var(--muted); animation: blink 1.2s infinite both; }
.dots span:nth-child(2) { animation-delay: .2s; }
.dots span:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .dots span { animation: none; } .launcher { transition: none; } }

/* The ask for a rating: a card in the log, not a message bubble. */
.rating-card { align-self: stretch; max-width: 100%; }
.rating-card .bubble { padding: 10px 13px; border-radius: 14px; background: var(--bg); border: 1px solid var(--line);
  overflow-wrap: anywhere; }
.rating-card .prompt { margin: 0 0 8px; }
.stars { display: flex; gap: 6px; margin: 0 0 8px; }
.star { width: 40px; height: 40px; border-radius: 10px; border: 1px solid var(--line); background: var(--soft);
  font-size: 20px; line-height: 1; color: var(--muted); display: grid; place-items: center; }
.star[aria-pressed="true"], .star.lit { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); }
.rating-card label { display: block; font-size: 12.5px; color: var(--muted); margin: 0 0 4px; }
.rating-card textarea { width: 100%; min-height: 56px; max-height: 120px; resize: vertical; font-size: 14px; }
.rate-row { display: flex; align-items: center; gap: 10px; margin-top: 8px; }
.rate-send { border: 0; border-radius: 10px; padding: 8px 14px; background: var(--accent); color: var(--accent-ink); }
.rate-send:disabled { opacity: .45; cursor: not-allowed; }
.rate-status { font-size: 12.5px; color: var(--muted); }
.rate-status[data-bad="true"] { color: var(--bad); }
.rated-score { margin: 0 0 4px; font-weight: 600; }
.rated-score .shown { color: var(--accent); letter-spacing: 2px; margin-right: 6px; }
.rated-comment { margin: 0 0 6px; font-style: italic; overflow-wrap: anywhere; white-space: pre-wrap; }
.rated-thanks { margin: 0; color: var(--muted); }

.toast { margin: 0 12px 8px; padding: 8px 12px; border-radius: 10px; font-size: 13px;
  background: #1c2430; color: #fff; }

form { border-top: 1px solid var(--line); padding: 10px 12px 8px; background: var(--bg); }
.row { display: flex; gap: 8px; align-items: flex-end; }
textarea {
  flex: 1; resize: none; min-height: 42px; max-height: 140px; padding: 10px 12px;
  font: inherit; color: var(--ink); background: var(--bg);
  border: 1px solid var(--line); border-radius: 12px;
}
textarea:focus { border-color: var(--accent); outline: none; }
.send { width: 42px; height: 42px; border: 0; border-radius: 12px; background: var(--accent); color: var(--accent-ink);
  display: grid; place-items: center; flex: none; }
.send:disabled { opacity: .45; cursor: not-allowed; }
.send svg { width: 20px; height: 20px; }
.hints { display: flex; justify-content: space-between; gap: 8px; margin-top: 5px; font-size: 11.5px; color: var(--muted); }
.counter[data-over="true"] { color: var(--bad); font-weight: 600; }

/* Files: the attach button, the files chosen before sending, and files in messages. */
.attach { width: 42px; height: 42px; border: 1px solid var(--line); border-radius: 12px; background: var(--bg);
  color: var(--muted); display: grid; place-items: center; flex: none; }
.attach:hover { color: var(--accent); border-color: var(--accent); }
.attach:disabled { opacity: .45; cursor: not-allowed; }
.attach svg { width: 20px; height: 20px; }
.tray { list-style: none; margin: 0 0 8px; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
.draft { display: flex; align-items: center; gap: 8px; max-width: 100%; padding: 4px 4px 4px 6px;
  border: 1px solid var(--line); border-radius: 10px; background: var(--soft); font-size: 12.5px; }
.draft img { width: 36px; height: 36px; object-fit: cover; border-radius: 6px; display: block; }
.draft .info { display: flex; flex-direction: column; min-width: 0; }
.draft .name { max-width: 170px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.draft .state { color: var(--muted); font-size: 11.5px; }
.draft[data-status="failed"] { border-color: #f5c2bd; background: #fdecea; }
.draft[data-status="failed"] .state { color: var(--bad); }
.draft .remove { width: 28px; height: 28px; border: 0; border-radius: 8px; background: transparent; color: var(--muted);
  font-size: 18px; line-height: 1; display: grid; place-items: center; flex: none; }
.draft .remove:hover { background: var(--line); color: var(--ink); }
.files { display: flex; flex-wrap: wrap; gap: 6px; }
.bubble > .files:not(:first-child) { margin-top: 8px; }
.file.image { display: block; line-height: 0; border-radius: 8px; }
.thumb { display: block; max-width: 220px; max-height: 180px; min-width: 48px; min-height: 48px; object-fit: contain;
  border-radius: 8px; background: var(--soft); }
.msg .bubble .file.doc { display: inline-flex; align-items: center; gap: 8px; padding: 6px 10px; border-radius: 10px;
  background: var(--bg); color: var(--ink); border: 1px solid var(--line); text-decoration: none; font-size: 13.5px; }
.msg .bubble a.file.doc:hover .file-name { text-decoration: underline; }
.file-icon { font-size: 10.5px; font-weight: 700; color: #fff; background: var(--bad); border-radius: 4px; padding: 2px 4px; }
.file-name { overflow-wrap: anywhere; }
.file-size { color: var(--muted); font-size: 12px; white-space: nowrap; }
.panel.dropping::after { content: attr(data-drop); position: absolute; inset: 8px; z-index: 2; display: grid;
  place-items: center; padding: 24px; text-align: center; font-weight: 600; color: var(--accent);
  background: color-mix(in srgb, var(--bg) 88%, transparent); border: 2px dashed var(--accent); border-radius: 12px;
  pointer-events: none; }
`;

  const ICON_CHAT = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.6A8 8 0 1 1 21 12z"/></svg>';
  const ICON_CLOSE = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18"/></svg>';
  const ICON_ATTACH = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5"/></svg>';
  const ICON_SEND = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M4 12l16-8-6 16-2.5-6.5z"/><path d="M11.5 13.5L20 4"/></svg>';

  /** Our own constant texts, escaped for the markup below. */
  const esc = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  /** Static markup only (our own constants); message content never goes through innerHTML. */
  function buildView(shadow) {
    shadow.innerHTML = `<style>${STYLE}</style>
<div class="root" lang="${LANG}">
  <button class="launcher" type="button" aria-expanded="false" aria-controls="panel">
    <span class="icon-chat">${ICON_CHAT}</span><span class="icon-close">${ICON_CLOSE}</span><span class="badge" hidden aria-hidden="true"></span>
  </button>
  <section class="panel" id="panel" role="dialog" aria-labelledby="title" aria-describedby="conn" hidden>
    <header>
      <div class="titles"><h2 id="title"></h2><p class="conn" id="conn" data-status="offline">${esc(t("connecting"))}</p></div>
      <button class="close" type="button" aria-label="${esc(t("closeChat"))}">${ICON_CLOSE}</button>
    </header>
    <div class="banner" role="status" hidden></div>
    <div class="log" role="log" aria-live="polite" aria-relevant="additions" aria-label="${esc(t("conversation"))}" tabindex="0">
      <div class="intro"></div>
    </div>
    <div class="typing" hidden><span class="dots" aria-hidden="true"><span></span><span></span><span></span></span><span class="typing-text" role="status"></span></div>
    <div class="toast" role="status" hidden></div>
    <form novalidate>
      <ul class="tray" aria-label="${esc(t("attachedFiles"))}" hidden></ul>
      <div class="row">
        <button class="attach" type="button" aria-label="${esc(t("attach"))}" title="${esc(t("attach"))}">${ICON_ATTACH}</button>
        <input class="file-input" type="file" multiple hidden tabindex="-1" aria-hidden="true">
        <label class="sr" for="input">${esc(t("yourMessage"))}</label>
        <textarea id="input" rows="1" placeholder="${esc(t("placeholder"))}" aria-describedby="hints" autocomplete="off"></textarea>
        <button class="send" type="submit" aria-label="${esc(t("send"))}">${ICON_SEND}</button>
      </div>
      <div class="hints" id="hints"><span>${esc(t("hints"))}</span><span class="counter" aria-live="polite"></span></div>
    </form>
  </section>
</div>`;
    const $ = (sel) => shadow.querySelector(sel);
    return {
      launcher: $(".launcher"), badge: $(".badge"), panel: $(".panel"), title: $("#title"),
      conn: $("#conn"), close: $(".close"), banner: $(".banner"), log: $(".log"), intro: $(".intro"),
      typing: $(".typing"), typingText: $(".typing-text"), toast: $(".toast"), form: $("form"),
      input: $("textarea"), send: $(".send"), counter: $(".counter"), root: shadow,
      attach: $(".attach"), fileInput: $(".file-input"), tray: $(".tray"),
    };
  }

  // -- the widget ------------------------------------------------------------------------------

  const ui = {};
  const rendered = new Map(); // message id -> element: nothing is shown twice
  const pendingEls = new Map(); // client_id -> element, until acked
  let ws = null;
  let welcomed = false;
  let fatal = false;
  let attempts = 0;
  let reconnectTimer = null;
  let connectTimer = null;
  let typingTimer = null;
  let toastTimer = null;
  let welcomedAt = 0;
  let inflight = []; // client_ids sent on this socket, oldest first, awaiting ack or error
  let sessionError = null; // why the server just started a fresh conversation
  let busyUntil = 0; // after a 4429 (too many sockets or new chats): no reconnect before this
  let mounted = false;
  let logAtEnd = true; // the conversation was scrolled to its end (kept there as photos load)
  const waiting = []; // BatonChat calls made before the widget was on the page

  function mount() {
    const host = document.createElement("baton-chat-widget");
    const shadow = host.attachShadow({ mode: "open" });
    Object.assign(ui, buildView(shadow));
    applyColours(shadow.querySelector(".root"));
    ui.title.textContent = config.title;
    ui.intro.textContent = config.greeting;
    ui.launcher.setAttribute("aria-label", t("openChat", { title: config.title }));
    document.body.append(host);

    ui.launcher.addEventListener("click", () => (model.open ? closePanel() : openPanel()));
    ui.close.addEventListener("click", () => closePanel());
    shadow.querySelector(".root").addEventListener("keydown", (e) => {
      if (e.key === "Escape" && model.open) { e.preventDefault(); closePanel(); }
    });
    ui.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        submit();
      }
    });
    ui.input.addEventListener("input", onInput);
    ui.form.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
    listenForFiles();
    ui.log.addEventListener("click", (e) => {
      if (onRatingClick(e.target)) return;
      const button = e.target.closest && e.target.closest(".retry");
      if (button) retry(button.dataset.clientId);
    });
    ui.log.addEventListener("scroll", () => { logAtEnd = nearBottom(); }, { passive: true });
    // A photo that finishes loading makes its message taller: the newest line stays in view if it was.
    ui.log.addEventListener("load", (e) => {
      if (e.target.tagName === "IMG" && logAtEnd) scrollToEnd(true);
    }, true);
    ui.log.addEventListener("input", (e) => {
      const node = e.target.closest && e.target.closest(".rating-card");
      const card = node && ratingCards.get(node.dataset.request);
      if (card && e.target.classList.contains("rate-comment")) card.comment = e.target.value;
    });
    ui.log.addEventListener("keydown", (e) => {
      // Arrow keys move between the score buttons, as in a toolbar.
      const star = e.target.closest && e.target.closest(".star");
      if (!star || (e.key !== "ArrowLeft" && e.key !== "ArrowRight")) return;
      e.preventDefault();
      const next = e.key === "ArrowRight" ? star.nextElementSibling : star.previousElementSibling;
      if (next) next.focus();
    });

    window.addEventListener("online", () => reconnectNow());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState !== "visible") return;
      if (model.open) { markRead(); persist(); }
      reconnectNow();
      refreshFileLinks();
    });
    setInterval(() => refreshFileLinks(), 60 * 1000);
    window.addEventListener("storage", (e) => {
      // Another tab read the messages: clear our badge too.
      if (e.key === storeKey) {
        const other = load("localStorage");
        if (isId(other.last_seen) && (!model.lastSeen || compareIds(other.last_seen, model.lastSeen) > 0)) {
          model.lastSeen = other.last_seen;
          recountUnread();
        }
      }
    });

    for (const p of model.pending) renderPending(p);
    onInput();
    setConn("offline", t(model.pending.length ? "offlineQueued" : "connecting"));
    if (model.open) openPanel({ focus: false });
    // Connect at once only for a visitor who already has a conversation (to hear replies);
    // everyone else connects on first open, so idle page views create nothing on the server.
    if (model.session || model.pending.length) connect();
    mounted = true;
    for (const call of waiting.splice(0)) call();
  }

  /** Run `call` now if the widget is on the page, else as soon as it is (the page may call
   *  BatonChat before the brand has arrived). */
  function whenMounted(call) {
    if (mounted) call();
    else waiting.push(call);
  }

  /** The brand's (or the page's) colours, as custom properties on the widget's root: a value
   *  here can only ever be a colour, whatever it says. */
  function applyColours(root) {
    if (config.accent) root.style.setProperty("--accent", config.accent);
    if (config.accentText) root.style.setProperty("--accent-ink", config.accentText);
  }

  // -- panel -------------------------------------------------------------------------------

  function openPanel({ focus = true } = {}) {
    model.open = true;
    ui.panel.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "true");
    markRead();
    persist();
    scrollToEnd(true);
    if (focus) ui.input.focus();
    if (!ws && !fatal) connect();
  }

  function closePanel() {
    model.open = false;
    ui.panel.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "false");
    recountUnread();
    persist();
    ui.launcher.focus();
  }

  function markRead() {
    if (model.lastReceived && (!model.lastSeen || compareIds(model.lastReceived, model.lastSeen) > 0)) {
      model.lastSeen = model.lastReceived;
    }
    recountUnread();
  }

  function recountUnread() {
    let count = 0;
    if (!model.open) {
      for (const [id, node] of rendered) {
        if (!node.classList.contains("customer") && (!model.lastSeen || compareIds(id, model.lastSeen) > 0)) count++;
      }
    }
    model.unread = count;
    ui.badge.hidden = count === 0;
    ui.badge.textContent = count > 9 ? "9+" : String(count);
    const title = config.title;
    ui.launcher.setAttribute("aria-label", model.open ? t("closeChatTitled", { title }) :
      count ? t(count === 1 ? "openChatNewOne" : "openChatNewMany", { title, count }) : t("openChat", { title }));
  }

  function setConn(status, text) {
    ui.conn.dataset.status = status;
    ui.conn.textContent = text;
  }

  function showToast(text) {
    ui.toast.textContent = text;
    ui.toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { ui.toast.hidden = true; }, TOAST_MS);
  }

  function showBanner() {
    const b = ui.banner;
    if (fatal) return;
    if (model.state === "waiting") {
      b.dataset.state = "waiting";
      b.textContent = t("waiting");
      b.hidden = false;
    } else if (model.state === "human") {
      b.dataset.state = "human";
      b.textContent = model.staffName ? t("chattingWith", { name: model.staffName }) : t("chattingWithTeammate");
      b.hidden = false;
    } else {
      b.hidden = true;
    }
  }

  function showFatal(text) {
    ui.banner.dataset.state = "fatal";
    ui.banner.setAttribute("role", "alert");
    ui.banner.textContent = text;
    ui.banner.hidden = false;
    setConn("fatal", t("unavailable"));
    updateSendState();
  }

  function setTyping(on) {
    clearTimeout(typingTimer);
    ui.typing.hidden = !on;
    const who = model.state === "human" ? model.staffName : model.botName;
    const typing = who ? t("isTyping", { name: who }) : t(model.state === "human" ? "teammateTyping" : "typing");
    ui.typingText.textContent = on ? typing : "";
    if (on) {
      typingTimer = setTimeout(() => setTyping(false), TYPING_TIMEOUT_MS);
      scrollToEnd(false);
    }
  }

  function nearBottom() {
    const log = ui.log;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function scrollToEnd(force) {
    if (force || nearBottom()) requestAnimationFrame(() => { ui.log.scrollTop = ui.log.scrollHeight; });
  }

  // -- composer ----------------------------------------------------------------------------

  function onInput() {
    const input = ui.input;
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 2, 140) + "px";
    const n = charCount(input.value);
    ui.counter.textContent = n > MAX_CHARS * 0.8 ? `${n.toLocaleString(LANG)} / ${MAX_CHARS.toLocaleString(LANG)}` : "";
    ui.counter.dataset.over = String(n > MAX_CHARS);
    updateSendState();
  }

  function updateSendState() {
    const text = ui.input.value.trim();
    const ready = drafts.some((d) => d.status === "ready");
    ui.send.disabled = fatal || uploadsBusy() || (!text && !ready) || charCount(ui.input.value) > MAX_CHARS;
    ui.attach.disabled = fatal;
  }

  function submit() {
    if (fatal) return;
    const raw = ui.input.value;
    const text = raw.trim();
    if (uploadsBusy()) {
      showToast(t("waitForFiles"));
      return;
    }
    const files = drafts.filter((d) => d.status === "ready").map((d) => d.attachment);
    if (!text && !files.length) return;
    const n = charCount(raw);
    if (n > MAX_CHARS) {
      showToast(t("overLimit", { over: n - MAX_CHARS, max: MAX_CHARS }));
      return;
    }
    const item = { client_id: newClientId(), text, files };
    for (const draft of drafts.filter((d) => d.status === "ready")) removeDraft(draft, false);
    model.pending.push(item);
    persist();
    renderPending(item);
    scrollToEnd(true);
    ui.input.value = "";
    onInput();
    if (welcomed) sendMessage(item);
    else if (!ws) connect();
  }

  function sendMessage(item) {
    if (!ws || ws.readyState !== WebSocket.OPEN || !welcomed) return;
    const frame = { type: "message", client_id: item.client_id, text: item.text };
    if (item.files.length) frame.attachments = item.files.map((f) => f.id);
    ws.send(JSON.stringify(frame));
    inflight.push(item.client_id);
  }

  /** Mark an unsent message as failed (shown with a Retry button, not resent automatically). */
  function failPending(clientId, reason) {
    const item = model.pending.find((p) => p.client_id === clientId);
    if (!item) return;
    item.failed = true;
    item.reason = reason;
    persist();
    updatePendingEl(item);
  }

  function retry(clientId) {
    const item = model.pending.find((p) => p.client_id === clientId);
    if (!item) return;
    item.failed = false;
    persist();
    updatePendingEl(item);
    if (welcomed) sendMessage(item);
    else if (!ws) connect();
  }

  // -- files to send: chosen, dropped or pasted; uploaded at once; sent with the next message --------

  const drafts = []; // { key, file, name, size, type, status: waiting|uploading|ready|failed, percent, attachment, xhr, preview, node }

  const uploadsBusy = () => drafts.some((d) => d.status === "waiting" || d.status === "uploading");

  function listenForFiles() {
    ui.fileInput.accept = FILES.types.join(",");
    ui.panel.dataset.drop = t("dropHere");
    ui.attach.addEventListener("click", () => {
      ui.fileInput.value = "";
      ui.fileInput.click();
    });
    ui.fileInput.addEventListener("change", () => {
      addFiles(ui.fileInput.files);
      ui.input.focus();
    });
    const carriesFiles = (e) => Boolean(e.dataTransfer) && Array.from(e.dataTransfer.types || []).includes("Files");
    ui.panel.addEventListener("dragover", (e) => {
      if (!carriesFiles(e) || fatal) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
      ui.panel.classList.add("dropping");
    });
    ui.panel.addEventListener("dragleave", (e) => {
      if (!e.relatedTarget || !ui.panel.contains(e.relatedTarget)) ui.panel.classList.remove("dropping");
    });
    ui.panel.addEventListener("drop", (e) => {
      ui.panel.classList.remove("dropping");
      if (!carriesFiles(e) || fatal) return;
      e.preventDefault();
      addFiles(e.dataTransfer.files);
    });
    ui.input.addEventListener("paste", (e) => {
      const data = e.clipboardData;
      const files = data ? Array.from(data.files || []) : [];
      if (!files.length) return;
      if (!Array.from(data.types || []).includes("text/plain")) e.preventDefault(); // an image alone
      addFiles(files);
    });
    ui.tray.addEventListener("click", (e) => {
      const button = e.target.closest && e.target.closest(".remove");
      const draft = button && drafts.find((d) => d.key === button.dataset.key);
      if (draft) {
        removeDraft(draft, true);
        ui.input.focus();
      }
    });
  }

  /** Take the files a customer chose: a quick check of type and size here (the server decides). */
  function addFiles(list) {
    if (fatal) return;
    for (const file of Array.from(list || [])) {
      const name = file.name || "file";
      if (drafts.length >= FILES.perMessage) {
        showToast(t("errTooManyFiles", { count: FILES.perMessage }));
        break;
      }
      if (file.type && !FILES.types.includes(file.type)) { showToast(t("errFileType")); continue; }
      if (file.size === 0) { showToast(t("errFileEmpty", { name })); continue; }
      if (file.size > FILES.maxBytes) {
        showToast(t("errFileSize", { name, max: formatSize(FILES.maxBytes) }));
        continue;
      }
      const draft = {
        key: newClientId(), file, name, size: file.size, type: file.type, status: "waiting", percent: 0,
        attachment: null, xhr: null, preview: null, node: null,
      };
      if (IMAGE_TYPES.has(file.type) && window.URL && typeof URL.createObjectURL === "function") {
        draft.preview = URL.createObjectURL(file);
      }
      drafts.push(draft);
      drawDraft(draft);
    }
    startUploads();
    updateSendState();
  }

  /** Upload the files waiting, once the chat is connected (an upload names the welcome's session). */
  function startUploads() {
    if (!drafts.some((d) => d.status === "waiting")) return;
    if (!welcomed || !model.session) {
      if (!ws) connect();
      return; // onWelcome starts them
    }
    for (const draft of drafts) if (draft.status === "waiting") upload(draft);
  }

  /** POST /chat/upload with progress; the answer is the file's id and link. */
  function upload(draft) {
    const form = new FormData();
    form.append("session", model.session);
    if (config.token) form.append("token", config.token);
    form.append("file", draft.file, draft.name);
    const xhr = new XMLHttpRequest();
    draft.xhr = xhr;
    draft.status = "uploading";
    draft.percent = 0;
    drawDraft(draft);
    xhr.open("POST", `${config.server}/chat/upload`);
    xhr.upload.addEventListener("progress", (e) => {
      if (draft.xhr !== xhr || !e.lengthComputable || !e.total) return;
      draft.percent = Math.min(99, Math.floor((e.loaded / e.total) * 100));
      drawDraft(draft);
    });
    xhr.addEventListener("load", () => {
      if (draft.xhr !== xhr) return;
      draft.xhr = null;
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON: a proxy's error page */ }
      const [attachment] = xhr.status === 200 && body ? cleanAttachments([body]) : [];
      if (attachment) {
        draft.status = "ready";
        draft.attachment = attachment;
        drawDraft(draft);
        updateSendState();
      } else {
        failDraft(draft, body && typeof body.error === "string" ? body.error : `HTTP ${xhr.status}`);
      }
    });
    xhr.addEventListener("error", () => {
      if (draft.xhr !== xhr) return;
      draft.xhr = null;
      failDraft(draft, "network");
    });
    xhr.send(form);
  }

  /** An upload the server refused (or that never arrived): said in the customer's language. */
  function failDraft(draft, code) {
    draft.status = "failed";
    const name = draft.name;
    const text = code === "unsupported_file" ? t("errFileType")
      : code === "file_too_large" ? t("errFileSize", { name, max: formatSize(FILES.maxBytes) })
        : code === "empty_file" ? t("errFileEmpty", { name })
          : code === "too_many_uploads" ? t("errTooManyUploads")
            : t("errUploadFailed", { name });
    if (code === "origin_refused" || code === "network") {
      console.warn(`Baton chat: uploading to ${config.server}/chat/upload failed (${code}). If this page is ` +
        `served from another origin, add ${location.origin} to WEBCHAT_ORIGINS on the chat server.`);
    }
    draft.error = text;
    drawDraft(draft);
    updateSendState();
    showToast(text);
  }

  /** Show a chosen file in the tray: its thumbnail or type, name, size or progress, and Remove. */
  function drawDraft(draft) {
    if (!draft.node) {
      const icon = draft.preview
        ? el("img", { src: draft.preview, alt: "" })
        : el("span", { class: "file-icon", "aria-hidden": "true", text: draft.type === "application/pdf" ? t("pdf") : "•" });
      draft.node = el("li", { class: "draft" },
        icon,
        el("span", { class: "info" },
          el("span", { class: "name", text: draft.name, title: draft.name }),
          el("span", { class: "state" })),
        el("button", {
          class: "remove", type: "button", "data-key": draft.key, "aria-label": t("removeFile", { name: draft.name }),
          text: "×",
        }));
      ui.tray.append(draft.node);
    }
    draft.node.dataset.status = draft.status;
    const state = draft.status === "uploading" ? t("uploading", { percent: draft.percent })
      : draft.status === "ready" ? `${formatSize(draft.size)} · ${t("uploaded")}`
        : draft.status === "failed" ? t("notUploaded")
          : t("waitingForConnection");
    draft.node.querySelector(".state").textContent = state;
    ui.tray.hidden = drafts.length === 0;
  }

  /** Take a file out of the tray (removed by the customer, or sent with a message). */
  function removeDraft(draft, abort) {
    if (abort && draft.xhr) draft.xhr.abort();
    draft.xhr = null;
    if (draft.preview) URL.revokeObjectURL(draft.preview);
    if (draft.node) draft.node.remove();
    const index = drafts.indexOf(draft);
    if (index !== -1) drafts.splice(index, 1);
    ui.tray.hidden = drafts.length === 0;
    updateSendState();
  }

  /** A new conversation began (the old one expired): files uploaded for the old one go up again. */
  function reuploadDrafts() {
    for (const draft of drafts) {
      if (draft.xhr) draft.xhr.abort();
      draft.xhr = null;
      draft.attachment = null;
      draft.status = "waiting";
      drawDraft(draft);
    }
  }

  // -- rendering -----------------------------------------------------------------------------

  function authorLabel(frame) {
    if (frame.author === "human") {
      const team = config.brand ? t("brandTeam", { brand: config.brand }) : t("supportTeam");
      return frame.name ? `${frame.name} · ${team}` : team;
    }
    if (frame.author === "bot") return frame.name || model.botName || t("assistant");
    return null;
  }

  function buildMessage(frame) {
    const author = ["customer", "bot", "human", "system"].includes(frame.author) ? frame.author : "system";
    const node = el("div", { class: `msg ${author}` });
    const label = authorLabel(frame);
    if (label) node.append(el("div", { class: "who", text: label }));
    else node.append(el("span", { class: "sr", text: t(author === "customer" ? "youSaid" : "notice") }));
    const bubble = el("div", { class: "bubble" });
    // The assistant and teammates write Markdown; customers' text and notices are shown as typed.
    if (author === "bot" || author === "human") {
      bubble.classList.add("md");
      appendMarkdown(bubble, String(frame.text ?? ""));
    } else {
      appendLinked(bubble, String(frame.text ?? ""));
    }
    const files = cleanAttachments(frame.attachments);
    if (files.length) bubble.append(buildFiles(files));
    node.append(bubble);
    const sources = Array.isArray(frame.sources) ? frame.sources : [];
    const items = [];
    const seenUrls = new Set();
    for (const s of sources.slice(0, 8)) {
      if (!s || typeof s !== "object") continue;
      const href = safeUrl(s.url);
      const title = typeof s.title === "string" && s.title.trim() ? s.title.trim() : (href ? new URL(href).hostname : "");
      if (!title || (href && seenUrls.has(href))) continue;
      if (href) seenUrls.add(href);
      items.push(el("li", null, href ? link(href, title) : title));
    }
    if (items.length) {
      node.append(el("ul", { class: "sources", "aria-label": t("readMore") },
        el("li", { class: "label", text: t("readMore") }), ...items));
    }
    const time = formatTime(frame.ts);
    if (time) node.append(el("div", { class: "meta", text: time }));
    return node;
  }

  /** Insert a message element in id order; unsent messages stay at the end. */
  function placeById(node, id) {
    for (const child of ui.log.children) {
      if (child === node) continue;
      const later = child.dataset.id && compareIds(child.dataset.id, id) > 0;
      if (later || child.classList.contains("pending") || child.classList.contains("failed")) {
        ui.log.insertBefore(node, child);
        return;
      }
    }
    ui.log.append(node);
  }

  function renderMessage(frame) {
    if (!isId(frame.id) || rendered.has(frame.id)) return false;
    const node = buildMessage(frame);
    node.dataset.id = frame.id;
    const stick = nearBottom();
    placeById(node, frame.id);
    rendered.set(frame.id, node);
    if (stick) scrollToEnd(true);
    return true;
  }

  function renderPending(item) {
    const node = buildMessage({ author: "customer", text: item.text, attachments: item.files });
    node.classList.add("pending");
    node.append(el("div", { class: "meta status" }));
    pendingEls.set(item.client_id, node);
    ui.log.append(node);
    updatePendingEl(item);
  }

  function updatePendingEl(item) {
    const node = pendingEls.get(item.client_id);
    if (!node) return;
    const status = node.querySelector(".status");
    status.textContent = "";
    node.classList.toggle("failed", !!item.failed);
    node.classList.toggle("pending", !item.failed);
    if (item.failed) {
      status.append(`${item.reason ? t("notSentWhy", { reason: item.reason }) : t("notSent")} · `,
        el("button", { class: "retry", type: "button", "data-client-id": item.client_id, text: t("retry") }));
    } else {
      status.textContent = t(welcomed ? "sending" : "waitingForConnection");
    }
  }

  function clearConversation() {
    for (const node of rendered.values()) node.remove();
    rendered.clear();
    ratingCards.clear();
    model.lastReceived = null;
    model.lastSeen = null;
    model.staffName = null;
  }

  // -- ratings: the ask after a teammate closed the conversation (docs/widget.md#ratings) ----------

  const ratingCards = new Map(); // request id -> { node, frame, score, sending }

  /** The rating card for a `rating_request` frame: five score buttons, a comment box, Send. */
  function buildRating(frame) {
    const node = el("div", { class: "rating-card" });
    node.append(el("span", { class: "sr", text: t("notice") }));
    node.append(el("div", { class: "bubble" }));
    return node;
  }

  const scaleOf = (frame) => (Number.isInteger(frame.scale) && frame.scale > 1 && frame.scale <= 10 ? frame.scale : 5);

  /** Draw the card as it stands: open (the form), rated (the score, comment and thanks) or closed. */
  function drawRating(card) {
    const { node, frame } = card;
    const bubble = node.querySelector(".bubble");
    bubble.textContent = "";
    const key = String(frame.request).replace(/[^\w-]/g, "");
    const promptId = `rate-${key}-q`;
    const prompt = el("p", { class: "prompt", id: promptId });
    appendLinked(prompt, String(frame.text ?? ""));
    bubble.append(prompt);
    const scale = scaleOf(frame);
    const rating = frame.rating && Number.isInteger(frame.rating.score) ? frame.rating : null;
    if (rating) {
      const shown = "★".repeat(rating.score) + "☆".repeat(Math.max(0, scale - rating.score));
      const line = el("p", { class: "rated-score" },
        el("span", { class: "shown", "aria-hidden": "true", text: shown }),
        t("rated", { score: rating.score, scale }));
      bubble.append(line);
      if (typeof rating.comment === "string" && rating.comment) {
        bubble.append(el("p", { class: "rated-comment", text: `“${rating.comment}”` }));
      }
      if (typeof frame.thanks === "string" && frame.thanks) bubble.append(el("p", { class: "rated-thanks", text: frame.thanks }));
      return;
    }
    if (!frame.open) {
      bubble.append(el("p", { class: "rated-thanks", text: t("rateClosed") }));
      return;
    }
    const stars = el("div", { class: "stars", role: "group", "aria-label": t("rateGroup"), "aria-describedby": promptId });
    for (let score = 1; score <= scale; score += 1) {
      const pressed = card.score === score;
      stars.append(el("button", {
        type: "button", class: `star${card.score && score <= card.score ? " lit" : ""}`, "data-score": String(score),
        "aria-pressed": pressed ? "true" : "false", "aria-label": t("rateScore", { score, scale }), text: "★",
      }));
    }
    bubble.append(stars);
    const max = Number.isInteger(frame.comment_max) && frame.comment_max > 0 ? frame.comment_max : 500;
    const boxId = `rate-${key}-c`;
    bubble.append(el("label", { for: boxId, text: t("rateComment") }));
    const box = el("textarea", { id: boxId, class: "rate-comment", rows: "2", maxlength: String(max) });
    box.value = card.comment || "";
    bubble.append(box);
    bubble.append(el("div", { class: "rate-row" },
      el("button", { type: "button", class: "rate-send", disabled: !card.score || card.sending, text: t("rateSend") }),
      el("span", { class: "rate-status", role: "status", text: card.status || "", "data-bad": card.bad ? "true" : "false" })));
  }

  function onRatingRequest(frame) {
    if (!isId(frame.id) || typeof frame.request !== "string" || !frame.request) return;
    if (!model.lastReceived || compareIds(frame.id, model.lastReceived) > 0) model.lastReceived = frame.id;
    model.staffName = null; // asked after a close: the teammate has left the conversation
    const known = ratingCards.get(frame.request);
    if (known) {
      known.frame = frame;
      drawRating(known);
      return;
    }
    const card = { node: buildRating(frame), frame, score: 0, comment: "", status: "", bad: false, sending: false };
    card.node.dataset.id = frame.id;
    card.node.dataset.request = frame.request;
    ratingCards.set(frame.request, card);
    drawRating(card);
    const stick = nearBottom();
    placeById(card.node, frame.id);
    rendered.set(frame.id, card.node);
    if (stick) scrollToEnd(true);
    if (model.open && document.visibilityState !== "hidden") markRead();
    else recountUnread();
    persist();
  }

  function onRated(frame) {
    const card = ratingCards.get(frame.request);
    if (!card || !Number.isInteger(frame.score)) return;
    card.sending = false;
    card.frame = { ...card.frame, open: false, rating: { score: frame.score, comment: frame.comment || "" },
      thanks: typeof frame.text === "string" ? frame.text : "" };
    const focused = card.node.contains(ui.root.activeElement);
    drawRating(card);
    if (focused) card.node.querySelector(".bubble").setAttribute("tabindex", "-1");
    if (focused) card.node.querySelector(".bubble").focus();
  }

  /** An error frame about a rating (it names the request): shown in its card. */
  function onRatingError(frame) {
    const card = ratingCards.get(frame.request);
    if (!card) return;
    const code = String(frame.code || "");
    const message = typeof frame.message === "string" ? frame.message : "";
    card.sending = false;
    card.bad = true;
    if (code === "already_rated") {
      card.frame = { ...card.frame, open: false };
      drawRating(card);
      card.node.querySelector(".bubble").append(el("p", { class: "rated-thanks", role: "status", text: message }));
      return;
    }
    if (code === "not_asked") card.frame = { ...card.frame, open: false };
    const max = Number.isInteger(card.frame.comment_max) ? card.frame.comment_max : 500;
    card.status = code === "rating_too_long" ? t("rateTooLong", { max }) :
      code === "unavailable" ? t("waitingForConnection") : t("somethingWrong");
    drawRating(card);
  }

  /** Clicks and typing inside a rating card (one listener on the log for every card). */
  function onRatingClick(target) {
    const node = target.closest && target.closest(".rating-card");
    const card = node && ratingCards.get(node.dataset.request);
    if (!card || !card.frame.open) return false;
    const star = target.closest(".star");
    const box = node.querySelector(".rate-comment");
    if (box) card.comment = box.value;
    if (star) {
      card.score = Number.parseInt(star.dataset.score, 10) || 0;
      card.status = "";
      card.bad = false;
      drawRating(card);
      const again = node.querySelector(`.star[data-score="${card.score}"]`);
      if (again) again.focus();
      return true;
    }
    if (target.closest(".rate-send")) {
      sendRating(card);
      return true;
    }
    return false;
  }

  function sendRating(card) {
    if (!card.score) {
      card.status = t("rateChoose");
      drawRating(card);
      return;
    }
    if (!ws || ws.readyState !== WebSocket.OPEN || !welcomed) {
      card.status = t("waitingForConnection");
      drawRating(card);
      if (!ws) connect();
      return;
    }
    const comment = (card.comment || "").trim();
    const frame = { type: "rating", request: card.frame.request, score: card.score };
    if (comment) frame.comment = comment;
    card.sending = true;
    card.status = t("sending");
    card.bad = false;
    drawRating(card);
    ws.send(JSON.stringify(frame));
  }

  function addNotice(text) {
    const node = buildMessage({ author: "system", text });
    node.classList.add("local");
    const firstPending = ui.log.querySelector(".msg.pending, .msg.failed");
    ui.log.insertBefore(node, firstPending);
  }

  // -- connection ----------------------------------------------------------------------------

  function connect() {
    if (ws || fatal) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    welcomed = false;
    inflight = [];
    setConn("offline", t(attempts ? "reconnecting" : "connecting"));
    let socket;
    try {
      socket = new WebSocket(config.socketUrl);
    } catch (err) {
      console.warn("Baton chat: cannot open", config.socketUrl, err);
      scheduleReconnect();
      return;
    }
    ws = socket;
    clearTimeout(connectTimer);
    connectTimer = setTimeout(() => { if (ws === socket && !welcomed) socket.close(); }, CONNECT_TIMEOUT_MS);
    socket.addEventListener("open", () => {
      // The widget's language: the bot speaks it to this visitor until their own words say otherwise.
      const hello = { type: "hello", language: LANG };
      if (config.token) hello.token = config.token;
      if (model.session) {
        hello.session = model.session;
        // A fresh page has nothing on screen: it asks for the whole transcript.
        if (model.lastReceived) hello.last_seen = model.lastReceived;
      }
      socket.send(JSON.stringify(hello));
    });
    socket.addEventListener("message", (e) => {
      if (ws !== socket) return;
      let frame;
      try { frame = JSON.parse(e.data); } catch (_) { return; }
      if (frame && typeof frame === "object") handleFrame(frame);
    });
    socket.addEventListener("close", (e) => onClose(socket, e));
  }

  function onClose(socket, event) {
    if (ws !== socket) return;
    if (event.code === 1009 && inflight.length) {
      // The server found a frame too big: don't resend that message on every reconnect.
      failPending(inflight[0], t("reasonTooLong"));
    }
    // Only a connection that held for a while resets the backoff: a server that accepts and
    // drops every socket must not be hammered.
    if (welcomed && Date.now() - welcomedAt > 5000) attempts = 0;
    ws = null;
    welcomed = false;
    inflight = [];
    clearTimeout(connectTimer);
    setTyping(false);
    for (const item of model.pending) updatePendingEl(item);
    if (event.code === CLOSE_BAD_TOKEN) {
      fatal = true; // the same token would be refused again: no retry loop
      return;
    }
    if (event.code === CLOSE_TOO_MANY) {
      // Every attempt would be refused for a while: wait, keeping unsent messages queued.
      busyUntil = Date.now() + BUSY_RETRY_MS / 2 + Math.random() * BUSY_RETRY_MS;
    }
    scheduleReconnect(event.code === 1001);
  }

  function scheduleReconnect(serverRestarting) {
    if (fatal || reconnectTimer) return;
    attempts += 1;
    const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempts - 1, 10));
    // Jitter spreads many widgets reconnecting after a server restart.
    const jittered = serverRestarting && attempts === 1 ? 250 + Math.random() * 1500 : base / 2 + Math.random() * (base / 2);
    const busy = busyUntil > Date.now();
    const delay = busy ? Math.max(jittered, busyUntil - Date.now()) : jittered;
    const offline = navigator.onLine === false;
    setConn("offline", t(offline ? "offline" : busy ? "busy" : attempts > 3 ? "unreachable" : "reconnecting"));
    if (attempts === 4 && location.origin !== config.server) {
      console.warn(`Baton chat: cannot connect to ${config.socketUrl}. If this page is served from another ` +
        `origin, add ${location.origin} to WEBCHAT_ORIGINS on the chat server.`);
    }
    reconnectTimer = setTimeout(() => { reconnectTimer = null; connect(); }, delay);
  }

  function reconnectNow() {
    if (ws || fatal || busyUntil > Date.now() || !(model.session || model.open || model.pending.length)) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    connect();
  }

  // -- frames ------------------------------------------------------------------------------

  function handleFrame(frame) {
    switch (frame.type) {
      case "welcome": return onWelcome(frame);
      case "message": return onMessage(frame);
      case "ack": return onAck(frame);
      case "state": return onState(frame);
      case "typing": return setTyping(true);
      case "rating_request": return onRatingRequest(frame);
      case "rated": return onRated(frame);
      case "file_links": return onFileLinks(frame);
      case "error": return onError(frame);
      default: return undefined; // newer servers may send more; ignore what we don't know
    }
  }

  function onWelcome(frame) {
    clearTimeout(connectTimer);
    const changed = model.conversation && frame.conversation !== model.conversation;
    if (changed) {
      // An earlier chat nobody wrote in simply expired: nothing to say about it.
      const hadMessages = rendered.size > 0 || Boolean(model.lastSeen || model.lastReceived);
      clearConversation();
      reuploadDrafts();
      if (sessionError === "session_refused") {
        addNotice(t("otherAccount"));
      } else if (hadMessages) {
        addNotice(t("chatEnded"));
      }
    }
    busyUntil = 0;
    sessionError = null;
    model.session = typeof frame.session === "string" ? frame.session : model.session;
    model.conversation = typeof frame.conversation === "string" ? frame.conversation : null;
    if (["bot", "waiting", "human"].includes(frame.state)) model.state = frame.state;
    welcomed = true;
    welcomedAt = Date.now();
    ui.log.setAttribute("aria-busy", "true"); // the replay follows: announce it as one update
    setConn("online", t("online"));
    persist();
    for (const item of model.pending) {
      updatePendingEl(item);
      if (!item.failed) sendMessage(item);
    }
    startUploads();
    refreshFileLinks(); // files shown from before a reconnect (a replay after last_seen skips them)
    updateSendState();
  }

  function onMessage(frame) {
    if (!isId(frame.id)) return;
    if (!model.lastReceived || compareIds(frame.id, model.lastReceived) > 0) model.lastReceived = frame.id;
    if (frame.author === "human" && frame.name) {
      model.staffName = String(frame.name);
      showBanner();
    } else if (frame.author === "system") {
      model.staffName = null; // notices mark handoffs and closes: an earlier teammate may be gone
    }
    if (frame.author === "bot" && frame.name) model.botName = String(frame.name);
    if (frame.author !== "customer") setTyping(false);
    if (!renderMessage(frame)) return;
    if (model.open && document.visibilityState !== "hidden") markRead();
    else recountUnread();
    persist();
  }

  function onAck(frame) {
    const clientId = frame.client_id;
    inflight = inflight.filter((c) => c !== clientId);
    const index = model.pending.findIndex((p) => p.client_id === clientId);
    if (index === -1) return;
    const [item] = model.pending.splice(index, 1);
    const node = pendingEls.get(clientId);
    pendingEls.delete(clientId);
    persist();
    if (!node) return;
    if (rendered.has(frame.id)) {
      node.remove(); // already shown (replayed or echoed by another tab)
      return;
    }
    const fresh = buildMessage({
      author: "customer", text: typeof frame.text === "string" ? frame.text : item.text, ts: Date.now() / 1000,
      attachments: Array.isArray(frame.attachments) ? frame.attachments : item.files,
    });
    node.replaceWith(fresh);
    if (!isId(frame.id)) return;
    fresh.dataset.id = frame.id;
    rendered.set(frame.id, fresh);
    placeById(fresh, frame.id);
  }

  function onState(frame) {
    ui.log.removeAttribute("aria-busy");
    if (["bot", "waiting", "human"].includes(frame.state)) model.state = frame.state;
    if (model.state === "bot") model.staffName = null;
    showBanner();
  }

  /** Error codes with a friendly text of our own (keys of STRINGS); others show the server's message. */
  const FRIENDLY = {
    too_long: "errTooLong",
    rate_limited: "errRateLimited",
    client_rate_limited: "errClientRateLimited",
    too_many_sockets: "errTooManySockets",
    too_many_conversations: "errTooManyConversations",
    internal: "errInternal",
    unavailable: "errUnavailable",
    bad_attachment: "errBadAttachment",
    too_many_attachments: "errTooManyFiles",
  };

  function onError(frame) {
    if (typeof frame.request === "string" && ratingCards.has(frame.request)) return onRatingError(frame);
    const code = String(frame.code || "");
    const message = typeof frame.message === "string" ? frame.message : "";
    if (code === "unknown_session" || code === "session_refused") {
      sessionError = code; // the welcome that follows starts a new conversation
      return;
    }
    if (code === "bad_token") {
      fatal = true;
      console.warn(`Baton chat: the identity token was refused (${message}). Give the widget a fresh data-token.`);
      showFatal(message ? t("badTokenWhy", { reason: message }) : t("badToken"));
      return;
    }
    if (code === "hello_required") return; // the socket closes; we reconnect and say hello again
    if (PER_MESSAGE_ERRORS.has(code) && inflight.length) {
      // The server answers a socket's frames in order, so this error is for the oldest unanswered one.
      const tooMany = code === "rate_limited" || code === "client_rate_limited";
      failPending(inflight.shift(), code === "too_long" ? t("reasonTooLong") : tooMany ? t("reasonTooMany") : "");
    }
    const friendly = Object.prototype.hasOwnProperty.call(FRIENDLY, code)
      ? t(FRIENDLY[code], { max: MAX_CHARS, count: FILES.perMessage }) : "";
    showToast(friendly || message || t("somethingWrong"));
  }

  // -- public API ----------------------------------------------------------------------------

  window.BatonChat = Object.freeze({
    /** Open the chat panel. */
    open: () => whenMounted(() => openPanel()),
    /** Close the chat panel. */
    close: () => whenMounted(() => closePanel()),
    /** Open the panel with `text` in the message box, ready to send (the customer still sends it). */
    draft(text) {
      whenMounted(() => {
        openPanel();
        ui.input.value = String(text ?? "");
        onInput();
        ui.input.focus();
      });
    },
    /** Replace the identity token (e.g. after it expired) and reconnect. */
    setToken(token) {
      config.token = typeof token === "string" ? token : "";
      whenMounted(() => {
        fatal = false;
        ui.banner.setAttribute("role", "status");
        ui.banner.hidden = true;
        showBanner();
        updateSendState();
        if (ws) ws.close(1000, "new token");
        else reconnectNow();
      });
    },
    /** Forget this browser's conversation (call on logout); the next open starts a new one. */
    reset() {
      whenMounted(() => {
        if (ws) { const old = ws; ws = null; old.close(1000, "reset"); }
        clearConversation();
        model.session = null;
        model.conversation = null;
        model.pending = [];
        for (const node of pendingEls.values()) node.remove();
        pendingEls.clear();
        for (const draft of drafts.slice()) removeDraft(draft, true);
        ui.log.querySelectorAll(".msg.local").forEach((n) => n.remove());
        model.state = "bot";
        showBanner();
        welcomed = false;
        attempts = 0;
        persist();
        recountUnread();
        if (model.open) connect();
      });
    },
  });

  // The brand is fetched while the page loads; the widget appears once both are there, so it
  // never shows one title or colour and then another.
  const bodyReady = document.body ? Promise.resolve() : new Promise((resolve) => {
    document.addEventListener("DOMContentLoaded", resolve, { once: true });
  });
  Promise.all([fetchBrand(), bodyReady]).then(([brand]) => {
    settle(brand);
    mount();
  });
})();
