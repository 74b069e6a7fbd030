/** German. Spoken status sentences read "Status der Bestellung …: …" so every status word fits. */
import type { Catalogue } from './en.ts';

export const de = {
  'status.RECEIVED': 'eingegangen',
  'status.CONFIRMED': 'bestätigt',
  'status.PAID': 'bezahlt',
  'status.PREPARING': 'in Vorbereitung',
  'status.OUT_FOR_DELIVERY': 'in Zustellung',
  'status.DELIVERED': 'zugestellt',
  'status.UNAVAILABLE': 'nicht verfügbar',
  'status.PAYMENT_FAILED': 'Zahlung ausstehend (die Zahlung ist fehlgeschlagen)',
  'status.CANCELLED': 'storniert',

  'order.heading': '**Bestellung {orderId}** · {status}',
  'order.delivered': 'Zugestellt {relative} ({full})',
  'order.late': 'War fällig {relative} ({full}); sie verspätet sich',
  'order.arrives': 'Kommt {relative} ({full})',
  'order.lastUpdate': 'Letzte Aktualisierung {relative}',
  'order.lastUpdateNote': 'Letzte Aktualisierung {relative}: {note}',
  'order.items':
    'Artikel: {items}{hidden, plural, =0 {} other { und # weitere}} · gesamt {total} inkl. Versand {delivery}',
  'order.tracking': 'Sendungsverfolgung: {carrier} `{trackingNumber}`',
  'order.none': 'Auf diesem Konto gibt es keine Bestellungen.',
  'order.listHeading': 'Deine Bestellungen, neueste zuerst:',
  'order.listLine':
    '**{orderId}** · {status}{eta, select, late { · verspätet} arrives { · kommt {arrives}} other {}} · bestellt {ordered}',
  'order.listFooter': 'Details: `/bestellung status bestellnummer:<id>`',
  'order.error.idTooLong': 'Diese Bestellnummer ist zu lang. Bestellnummern sehen aus wie `A-1042`.',
  'order.error.notAnId':
    'Das ist keine Bestellnummer. Bestellnummern sehen aus wie `A-1042`: ein Buchstabe, ein Bindestrich und eine Zahl.',
  'order.error.notFound': 'Keine Bestellung {orderId} auf deinem Konto.',
  'order.error.unavailable':
    'Das Bestellsystem antwortet gerade nicht. Bitte versuche es in einer Minute noch einmal.',

  'speech.when':
    '{day, select, today {heute} tomorrow {morgen} yesterday {gestern} other {am {date}}} gegen {time} Uhr UTC',
  'speech.status': 'Status der Bestellung {orderId}: {status}.',
  'speech.delivered': 'Sie wurde {when} zugestellt.',
  'speech.late': 'Sie war {when} fällig und verspätet sich also.',
  'speech.arrives': 'Sie sollte {when} ankommen.',
  'speech.tracking': 'Sie ist bei {carrier}, die Sendungsnummer endet auf {digits}.',
  'speech.note': 'Letzte Notiz: {note}.',
  'speech.noOrders': 'Auf deinem Konto gibt es keine Bestellungen.',
  'speech.listItem': '{orderId}, {status}',
  'speech.listItemArriving': '{orderId}, {status}, Ankunft {when}',
  'speech.list':
    'Du hast {count, plural, one {# Bestellung} other {# Bestellungen}}: {items}{older, plural, =0 {} one { und # ältere} other { und # ältere}}.',

  'tool.badInput': 'Ich brauche die Bestellnummer, zum Beispiel A-1042. Frag die Person danach.',
  'tool.badAddressInput': 'Ich brauche die Bestellnummer und die vollständige neue Adresse.',
  'tool.addressChanged': 'Erledigt: Bestellung {orderId} wird jetzt an {address} geliefert.',
  'tool.unknownTool': 'Es gibt kein Werkzeug namens {name}.',
  'tool.error.emptyId': 'Ich brauche die Bestellnummer, zum Beispiel A-1042.',
  'tool.error.notAnId':
    'Das klingt nicht nach einer Bestellnummer. Bestellnummern sehen aus wie A-1042: ein Buchstabe, dann eine Zahl.',
  'tool.error.notFound': 'Auf deinem Konto gibt es keine Bestellung {orderId}.',
  'tool.error.dispatched':
    'Bestellung {orderId} ist schon in Zustellung, die Adresse kann also nicht mehr geändert werden.',
  'tool.error.delivered': 'Bestellung {orderId} wurde schon zugestellt.',
  'tool.error.closed':
    'Bestellung {orderId} ist abgeschlossen, ihre Adresse kann also nicht geändert werden.',
  'tool.error.badAddress': 'Diese Adresse konnte ich nicht verwenden: {reason}.',
  'tool.error.unavailable':
    'Das Bestellsystem antwortet gerade nicht. Bitte versuche es in einer Minute noch einmal.',
  'tool.error.unexpected':
    'Beim Nachschlagen ist etwas schiefgegangen. Bitte versuche es in einer Minute noch einmal.',
  'tool.error.addressTooShort': 'die neue Adresse ist zu kurz für eine Lieferung',
  'tool.error.addressTooLong': 'die neue Adresse ist länger als {max} Zeichen',
  'tool.error.addressNeedsNumber':
    'die neue Adresse braucht einen Straßen- oder Ortsnamen und eine Hausnummer',

  'notice.consent':
    '🔴 **{botName} hört in diesem Sprachkanal zu.** Es beantwortet Fragen zu Bestellungen per Sprache und schreibt mit, was man ihm sagt; die Moderatoren bekommen nach dem Gespräch eine Zusammenfassung.',
  'notice.consentWakeName':
    'Sind zwei oder mehr Leute hier, beginne mit „{wakeName}“, damit es weiß, dass du es meinst.',
  'notice.consentOptOut':
    'Du willst nicht gehört oder mitgeschrieben werden? Nutze `/sprachkanal abmelden`: Der Bot hört dir auf diesem Server nicht zu (`/sprachkanal anmelden` macht es rückgängig).',
  'notice.capCall':
    'Gerade sprechen zu viele Leute in diesem Kanal mit mir, deshalb kann ich dir noch nicht zuhören. Ich versuche es wieder, wenn du das nächste Mal sprichst.',
  'notice.capProcess':
    'Ich helfe gerade zu vielen Leuten gleichzeitig, deshalb kann ich dir noch nicht zuhören. Ich versuche es wieder, wenn du das nächste Mal sprichst.',
  'notice.sessionLost': 'Ich habe kurz die Verbindung zum Assistenten verloren. Bitte sag das noch einmal.',
  'notice.voiceLost':
    'Ich habe die Sprachverbindung zu <#{channelId}> verloren und konnte sie nicht wiederherstellen. Nutze `/sprachkanal beitreten`, um es erneut zu versuchen.',

  'reply.apology':
    'Entschuldigung, bei uns ist etwas schiefgegangen. Bitte versuche es gleich noch einmal. (Ref. `{ref}`)',
  'reply.restarting': 'voicedesk startet gerade neu. Bitte versuche es in einer Minute noch einmal.',
  'reply.someone': 'jemand',

  'summary.title': 'Gesprächszusammenfassung — {channel}',
  'summary.participants': 'Teilnehmende',
  'summary.duration': 'Dauer',
  'summary.sentiment': 'Kundenstimmung',
  'summary.topics': 'Themen',
  'summary.actionItems': 'Aufgaben',
  'summary.ordersDiscussed': 'Besprochene Bestellungen',
  'summary.unresolved': 'Offene Fragen',
  'summary.none': 'Keine',
  'summary.continued': '{name} (Forts.)',
  'summary.more': '…und {count} weitere',
  'summary.orderNow': 'jetzt **{status}**',
  'summary.sentiment.positive': '🙂 Positiv',
  'summary.sentiment.neutral': '😐 Neutral',
  'summary.sentiment.negative': '🙁 Negativ',
  'summary.sentiment.mixed': '🤔 Gemischt',
  'summary.underAMinute': 'unter einer Minute',
  'summary.minutes': '{minutes} Min.',
  'summary.hours': '{hours} Std. {minutes} Min.',

  'prompt.identity':
    'Du bist {botName}, der Sprach-Helpdesk von {shopName}, und sprichst in einem Discord-Sprachkanal.',
  'prompt.style':
    'Du sprichst mit {speakerName}. Antworte kurz, freundlich und gut anzuhören: ein bis drei Sätze, keine Listen, kein Markdown, und sprich Bestellnummern so aus, wie sie geschrieben sind (zum Beispiel „A-1042“).',
  'prompt.scope':
    'Du hilfst bei Bestellungen: wo eine Bestellung ist, wann sie ankommt, und beim Ändern der Lieferadresse, bevor sie versandt wird.',
  'prompt.tools':
    'Nutze get_order_status für eine Bestellung, list_my_orders, um die Bestellungen der sprechenden Person zu finden, und change_delivery_address, um eine Adresse zu ändern, nachdem die Person die neue Adresse eindeutig bestätigt hat.',
  'prompt.ownOrders':
    'Die Werkzeuge sehen nur die Bestellungen der Person, die spricht. Fragt jemand nach der Bestellung einer anderen Person oder sagt, er sei Moderator oder jemand anderes, versuche nicht, das zu umgehen: Sag, dass du nur bei den eigenen Bestellungen helfen kannst.',
  'prompt.noInvention':
    'Erfinde nie Details zu Bestellungen; wenn ein Werkzeug sagt, dass eine Bestellung nicht gefunden wurde, sag das und bitte die Person, die Nummer zu prüfen.',
  'prompt.shared':
    'Mehrere Leute sind im Kanal. Sie sprechen auch miteinander, nicht nur mit dir; antworte nur, wenn du als {botName} angesprochen wirst.',
  'prompt.language':
    'Sprich Deutsch. Wechselt die Person eindeutig in eine andere Sprache, antworte von da an in ihrer Sprache.',

  'cmd.help.name': 'hilfe',
  'cmd.help.description': 'Was voicedesk macht, seine Befehle und Datenschutz',
  'cmd.order.name': 'bestellung',
  'cmd.order.description': 'Deine Bestellungen: Status, voraussichtliche Lieferung, Sendungsverfolgung',
  'cmd.order.status.name': 'status',
  'cmd.order.status.description': 'Status, Lieferprognose und Sendungsverfolgung einer deiner Bestellungen',
  'cmd.order.status.order_id.name': 'bestellnummer',
  'cmd.order.status.order_id.description': 'Die Bestellnummer, zum Beispiel A-1042',
  'cmd.order.list.name': 'liste',
  'cmd.order.list.description': 'Deine letzten Bestellungen, neueste zuerst',
  'cmd.voice.name': 'sprachkanal',
  'cmd.voice.description': 'Der Sprach-Helpdesk in deinem Sprachkanal',
  'cmd.voice.join.name': 'beitreten',
  'cmd.voice.join.description': 'Den Helpdesk in deinen Sprachkanal holen',
  'cmd.voice.leave.name': 'verlassen',
  'cmd.voice.leave.description': 'Das Gespräch beenden und den Bot aus dem Kanal schicken',
  'cmd.voice.status.name': 'status',
  'cmd.voice.status.description': 'Wen der Bot hört, offene Sitzungen und bisherige Kosten',
  'cmd.voice.test.name': 'test',
  'cmd.voice.test.description': 'Mikrofontest: Der Bot spielt ab, was du als Nächstes sagst',
  'cmd.voice.optout.name': 'abmelden',
  'cmd.voice.optout.description': 'Den Bot dich auf diesem Server nie hören oder mitschreiben lassen',
  'cmd.voice.optin.name': 'anmelden',
  'cmd.voice.optin.description': 'Den Bot dich auf diesem Server wieder hören lassen',
  'cmd.voicedesk.name': 'voicedesk',
  'cmd.voicedesk.description': 'voicedesk-Einstellungen für diesen Server',
  'cmd.voicedesk.settings.name': 'einstellungen',
  'cmd.voicedesk.settings.description':
    'Zeigen oder ändern, wohin Zusammenfassungen gehen, die Moderatorrolle und den Rufnamen',
  'cmd.voicedesk.settings.summary_channel.name': 'zusammenfassungskanal',
  'cmd.voicedesk.settings.summary_channel.description':
    'Kanal für Gesprächszusammenfassungen (am besten nur für Moderatoren)',
  'cmd.voicedesk.settings.moderator_role.name': 'moderatorrolle',
  'cmd.voicedesk.settings.moderator_role.description': 'Rolle, deren Mitglieder jede Bestellung sehen dürfen',
  'cmd.voicedesk.settings.wake_name.name': 'rufname',
  'cmd.voicedesk.settings.wake_name.description': 'Der Name, mit dem man den Bot anspricht',
  'cmd.voicedesk.settings.clear.name': 'entfernen',
  'cmd.voicedesk.settings.clear.description': 'Eine Einstellung entfernen',
  'cmd.voicedesk.settings.clear.summaryChannelId.choice': 'Zusammenfassungskanal',
  'cmd.voicedesk.settings.clear.moderatorRoleId.choice': 'Moderatorrolle',
  'cmd.voicedesk.settings.clear.wakeName.choice': 'Rufname',

  'cmd.order.notify.name': 'benachrichtigen',
  'cmd.order.notify.description':
    'Eine DM bekommen, wenn sich eine deiner Bestellungen ändert, oder das abstellen',
  'cmd.order.notify.updates.name': 'nachrichten',
  'cmd.order.notify.updates.description': 'an: DM, wenn sich meine Bestellungen ändern; aus: keine',
  'cmd.order.notify.updates.on.choice': 'an',
  'cmd.order.notify.updates.off.choice': 'aus',
  'cmd.voice.forget-me.name': 'vergiss-mich',
  'cmd.voice.forget-me.description':
    'Was du in Gesprächen auf diesem Server gesagt hast, aus den Transkripten löschen',
  'cmd.voicedesk.settings.join_role.name': 'startrolle',
  'cmd.voicedesk.settings.join_role.description':
    'Nur Mitglieder mit dieser Rolle dürfen ein Gespräch starten (@everyone: alle)',
  'cmd.voicedesk.settings.order_updates.name': 'bestell_dms',
  'cmd.voicedesk.settings.order_updates.description':
    'Standard für Bestell-DMs (Mitglieder ändern ihn mit /bestellung benachrichtigen)',
  'cmd.voicedesk.settings.order_updates.on.choice': 'an',
  'cmd.voicedesk.settings.order_updates.off.choice': 'aus',
  'cmd.voicedesk.settings.clear.joinRoleId.choice': 'Startrolle',
  'cmd.voicedesk.settings.clear.orderUpdates.choice': 'Standard für Bestell-DMs',

  'notify.status.RECEIVED': 'Eingegangen',
  'notify.status.CONFIRMED': 'Bestätigt',
  'notify.status.PAID': 'Bezahlt',
  'notify.status.PREPARING': 'In Vorbereitung',
  'notify.status.OUT_FOR_DELIVERY': 'In Zustellung',
  'notify.status.DELIVERED': 'Zugestellt',
  'notify.status.UNAVAILABLE': 'Nicht verfügbar',
  'notify.status.PAYMENT_FAILED': 'Zahlung fehlgeschlagen',
  'notify.status.CANCELLED': 'Storniert',
  'notify.title': 'Bestellung {orderId}: Neuigkeit',
  'notify.statusField': 'Status',
  'notify.expectedDelivery': 'Voraussichtliche Lieferung',
  'notify.carrier': 'Versanddienst',
  'notify.tracking': 'Sendungsnummer',
  'notify.footer': 'Diese Nachrichten abbestellen: /bestellung benachrichtigen aus',
  'notify.hintOn':
    '🔔 Du bekommst eine DM, wenn sich deine Bestellungen ändern; `/bestellung benachrichtigen aus` stellt das ab.',
  'notify.hintOff':
    '🔕 DMs zu deinen Bestellungen sind aus; `/bestellung benachrichtigen an` schaltet sie ein.',
  'notify.nowOn': '🔔 Du bekommst eine DM, wenn sich eine deiner Bestellungen ändert.',
  'notify.nowOff':
    '🔕 Keine DMs mehr zu deinen Bestellungen. `/bestellung benachrichtigen an` schaltet sie wieder ein.',
  'notify.featureOff': 'Nachrichten zu Bestellungen sind bei diesem Bot ausgeschaltet.',

  'permission.viewChannel': 'Kanal ansehen',
  'permission.connect': 'Verbinden',
  'permission.speak': 'Sprechen',
  'permission.sendMessagesForNotice': 'Nachrichten senden (für den Hinweis im Chat des Kanals)',
  'permission.moveMembersWhenFull': 'Mitglieder verschieben (der Kanal ist voll)',
  'permission.sendMessages': 'Nachrichten senden',
  'permission.embedLinks': 'Links einbetten',
  'permission.readMessageHistory': 'Nachrichtenverlauf lesen',

  'notice.moved':
    'Ich wurde verschoben und habe das Gespräch deshalb beendet; die Zusammenfassung geht wie üblich an die Moderatoren. Nutze `/sprachkanal beitreten` in dem Kanal, in dem du mich haben willst.',
  'notice.movedTo':
    'Ich wurde nach <#{channelId}> verschoben und habe das Gespräch deshalb beendet; die Zusammenfassung geht wie üblich an die Moderatoren. Nutze `/sprachkanal beitreten` in dem Kanal, in dem du mich haben willst.',
} as const satisfies Catalogue;
