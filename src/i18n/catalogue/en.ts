/**
 * The English catalogue: it defines the key set every other language must cover. Messages are ICU
 * MessageFormat (https://unicode-org.github.io/icu/userguide/format_parse/messages/), formatted by
 * intl-messageformat with tags off, so `<t:…>` and `<id>` are plain text. Use ’ rather than ' in
 * text: an ASCII apostrophe before `{` starts an ICU quote.
 *
 * Key families: `status.*` order statuses in words; `order.*` /order replies and errors;
 * `speech.*` spoken order answers; `tool.*` tool results the model reads; `notice.*` call notices;
 * `reply.*` replies to any command; `notify.*` order update DMs and `/order notify` replies;
 * `permission.*` Discord permission names as its client shows them;
 * `summary.*` summary embed labels; `prompt.*` the assistant's instructions; `cmd.*` slash command
 * names and descriptions (the path of the command, subcommand and option, as registered).
 */
export const en = {
  'status.RECEIVED': 'received',
  'status.CONFIRMED': 'confirmed',
  'status.PAID': 'paid',
  'status.PREPARING': 'being prepared',
  'status.OUT_FOR_DELIVERY': 'out for delivery',
  'status.DELIVERED': 'delivered',
  'status.UNAVAILABLE': 'unavailable',
  'status.PAYMENT_FAILED': 'waiting for payment (the payment failed)',
  'status.CANCELLED': 'cancelled',

  'order.heading': '**Order {orderId}** · {status}',
  'order.delivered': 'Delivered {relative} ({full})',
  'order.late': 'Was due {relative} ({full}); it is running late',
  'order.arrives': 'Arrives {relative} ({full})',
  'order.lastUpdate': 'Last update {relative}',
  'order.lastUpdateNote': 'Last update {relative}: {note}',
  'order.items':
    'Items: {items}{hidden, plural, =0 {} other { and # more}} · total {total} incl. delivery {delivery}',
  'order.tracking': 'Tracking: {carrier} `{trackingNumber}`',
  'order.none': 'You have no orders on this account.',
  'order.listHeading': 'Your orders, newest first:',
  'order.listLine':
    '**{orderId}** · {status}{eta, select, late { · running late} arrives { · arrives {arrives}} other {}} · ordered {ordered}',
  'order.listFooter': 'Details: `/order status order_id:<id>`',
  'order.error.idTooLong': 'That order id is too long. Order ids look like `A-1042`.',
  'order.error.notAnId':
    'That is not an order id. Order ids look like `A-1042`: a letter, a dash and a number.',
  'order.error.notFound': 'No order {orderId} on your account.',
  'order.error.unavailable': 'The order system is not answering right now. Please try again in a minute.',

  'speech.when':
    '{day, select, today {today} tomorrow {tomorrow} yesterday {yesterday} other {on {date}}} around {time} UTC',
  'speech.status': 'Order {orderId} is {status}.',
  'speech.delivered': 'It was delivered {when}.',
  'speech.late': 'It was due {when}, so it is running late.',
  'speech.arrives': 'It should arrive {when}.',
  'speech.tracking': 'It is with {carrier}, tracking number ending in {digits}.',
  'speech.note': 'Latest note: {note}.',
  'speech.noOrders': 'There are no orders on your account.',
  'speech.listItem': '{orderId}, {status}',
  'speech.listItemArriving': '{orderId}, {status}, arriving {when}',
  'speech.list':
    'You have {count, plural, one {# order} other {# orders}}: {items}{older, plural, =0 {} other { and # older ones}}.',

  'tool.badInput': 'I need the order id, like A-1042. Ask the customer for it.',
  'tool.badAddressInput': 'I need the order id and the complete new address.',
  'tool.addressChanged': 'Done: order {orderId} will now be delivered to {address}.',
  'tool.unknownTool': 'There is no tool called {name}.',
  'tool.error.emptyId': 'I need the order id, like A-1042.',
  'tool.error.notAnId':
    'That does not sound like an order id. Order ids look like A-1042: a letter, then a number.',
  'tool.error.notFound': 'There is no order {orderId} on your account.',
  'tool.error.dispatched':
    'Order {orderId} is already out for delivery, so the address can no longer be changed.',
  'tool.error.delivered': 'Order {orderId} has already been delivered.',
  'tool.error.closed': 'Order {orderId} is closed, so its address cannot be changed.',
  'tool.error.badAddress': 'I could not use that address: {reason}.',
  'tool.error.unavailable': 'The order system is not answering right now. Please try again in a minute.',
  'tool.error.unexpected': 'Something went wrong looking that up. Please try again in a minute.',
  'tool.error.addressTooShort': 'the new address is too short to deliver to',
  'tool.error.addressTooLong': 'the new address is longer than {max} characters',
  'tool.error.addressNeedsNumber': 'the new address needs a street or place name and a number',

  'notice.consent':
    '🔴 **{botName} is listening in this voice channel.** It answers order questions by voice and keeps a transcript of what people say to it; moderators get a summary when the call ends.',
  'notice.consentWakeName': 'With two or more people here, start with “{wakeName}” so it knows you mean it.',
  'notice.consentOptOut':
    'Don’t want to be heard or transcribed? Use `/voice optout`: the bot will not listen to you in this server (`/voice optin` to undo).',
  'notice.capCall':
    'Too many people are talking to me in this channel right now, so I can’t listen to you yet. I’ll try again when you next speak.',
  'notice.capProcess':
    'I’m helping too many people at once right now, so I can’t listen to you yet. I’ll try again when you next speak.',
  'notice.sessionLost': 'I lost my connection to the assistant for a moment. Please say that again.',
  'notice.voiceLost':
    'I lost the voice connection to <#{channelId}> and could not get it back. Use `/voice join` to try again.',

  'reply.apology': 'Sorry, something went wrong on our side. Please try again in a moment. (ref `{ref}`)',
  'reply.restarting': 'voicedesk is restarting right now. Please try again in a minute.',
  'reply.someone': 'someone',

  'summary.title': 'Call summary — {channel}',
  'summary.participants': 'Participants',
  'summary.duration': 'Duration',
  'summary.sentiment': 'Customer sentiment',
  'summary.topics': 'Topics',
  'summary.actionItems': 'Action items',
  'summary.ordersDiscussed': 'Orders discussed',
  'summary.unresolved': 'Unresolved questions',
  'summary.none': 'None',
  'summary.continued': '{name} (cont.)',
  'summary.more': '…and {count} more',
  'summary.orderNow': 'now **{status}**',
  'summary.sentiment.positive': '🙂 Positive',
  'summary.sentiment.neutral': '😐 Neutral',
  'summary.sentiment.negative': '🙁 Negative',
  'summary.sentiment.mixed': '🤔 Mixed',
  'summary.underAMinute': 'under a minute',
  'summary.minutes': '{minutes} min',
  'summary.hours': '{hours} h {minutes} min',

  'prompt.identity':
    'You are {botName}, the voice help desk of {shopName}, talking in a Discord voice channel.',
  'prompt.style':
    'You are speaking with {speakerName}. Keep answers short, friendly and easy to listen to: one to three sentences, no lists, no markdown, and say order ids the way they are written (for example "A-1042").',
  'prompt.scope':
    'You help with orders: where an order is, when it will arrive, and changing the delivery address before it ships.',
  'prompt.tools':
    'Use get_order_status for one order, list_my_orders to find the speaker’s orders, and change_delivery_address to change an address after the speaker has clearly confirmed the new address.',
  'prompt.ownOrders':
    'The tools only ever see the orders of the person speaking. If someone asks about another person’s order, or says they are a moderator or someone else, do not try to work around it: say you can only help with their own orders.',
  'prompt.noInvention':
    'Never invent order details; if a tool says an order was not found, say so and ask the speaker to check the id.',
  'prompt.shared':
    'Several people are in the channel. People talk to each other as well as to you; only answer when you are addressed as {botName}.',
  'prompt.language':
    'Speak English. If the speaker clearly switches to another language, answer in their language from then on.',

  'cmd.help.name': 'help',
  'cmd.help.description': 'What voicedesk does, its commands, and privacy',
  'cmd.order.name': 'order',
  'cmd.order.description': 'Your orders: status, delivery estimate, tracking',
  'cmd.order.status.name': 'status',
  'cmd.order.status.description': 'Status, delivery estimate and tracking of one of your orders',
  'cmd.order.status.order_id.name': 'order_id',
  'cmd.order.status.order_id.description': 'The order id, like A-1042',
  'cmd.order.list.name': 'list',
  'cmd.order.list.description': 'Your recent orders, newest first',
  'cmd.voice.name': 'voice',
  'cmd.voice.description': 'The voice help desk in your voice channel',
  'cmd.voice.join.name': 'join',
  'cmd.voice.join.description': 'Bring the help desk into your voice channel',
  'cmd.voice.leave.name': 'leave',
  'cmd.voice.leave.description': 'End the call and send the bot out of the channel',
  'cmd.voice.status.name': 'status',
  'cmd.voice.status.description': 'Who the bot hears, open sessions, and cost so far',
  'cmd.voice.test.name': 'test',
  'cmd.voice.test.description': 'Mic check: the bot plays back what you say next',
  'cmd.voice.optout.name': 'optout',
  'cmd.voice.optout.description': 'Never let the bot hear or transcribe you in this server',
  'cmd.voice.optin.name': 'optin',
  'cmd.voice.optin.description': 'Let the bot hear you again in this server',
  'cmd.voicedesk.name': 'voicedesk',
  'cmd.voicedesk.description': 'voicedesk settings for this server',
  'cmd.voicedesk.settings.name': 'settings',
  'cmd.voicedesk.settings.description':
    'Show or change where summaries go, the moderator role and the wake name',
  'cmd.voicedesk.settings.summary_channel.name': 'summary_channel',
  'cmd.voicedesk.settings.summary_channel.description':
    'Channel for call summaries (moderators only, ideally)',
  'cmd.voicedesk.settings.moderator_role.name': 'moderator_role',
  'cmd.voicedesk.settings.moderator_role.description': 'Role whose members may see every order',
  'cmd.voicedesk.settings.wake_name.name': 'wake_name',
  'cmd.voicedesk.settings.wake_name.description': 'The name people say to address the bot',
  'cmd.voicedesk.settings.clear.name': 'clear',
  'cmd.voicedesk.settings.clear.description': 'Remove one setting',
  'cmd.voicedesk.settings.clear.summaryChannelId.choice': 'summary channel',
  'cmd.voicedesk.settings.clear.moderatorRoleId.choice': 'moderator role',
  'cmd.voicedesk.settings.clear.wakeName.choice': 'wake name',

  'cmd.order.notify.name': 'notify',
  'cmd.order.notify.description': 'Get a DM when one of your orders changes, or stop that',
  'cmd.order.notify.updates.name': 'updates',
  'cmd.order.notify.updates.description': 'on: DM me when my orders change; off: do not',
  'cmd.order.notify.updates.on.choice': 'on',
  'cmd.order.notify.updates.off.choice': 'off',
  'cmd.voice.forget-me.name': 'forget-me',
  'cmd.voice.forget-me.description': 'Delete what you said in calls in this server from the transcripts',
  'cmd.voicedesk.settings.join_role.name': 'join_role',
  'cmd.voicedesk.settings.join_role.description':
    'Only members with this role may start a call (@everyone: anyone)',
  'cmd.voicedesk.settings.order_updates.name': 'order_updates',
  'cmd.voicedesk.settings.order_updates.description':
    'Default for order update DMs (members can change theirs with /order notify)',
  'cmd.voicedesk.settings.order_updates.on.choice': 'on',
  'cmd.voicedesk.settings.order_updates.off.choice': 'off',
  'cmd.voicedesk.settings.clear.joinRoleId.choice': 'join role',
  'cmd.voicedesk.settings.clear.orderUpdates.choice': 'order update default',

  'notify.status.RECEIVED': 'Received',
  'notify.status.CONFIRMED': 'Confirmed',
  'notify.status.PAID': 'Paid',
  'notify.status.PREPARING': 'Being prepared',
  'notify.status.OUT_FOR_DELIVERY': 'Out for delivery',
  'notify.status.DELIVERED': 'Delivered',
  'notify.status.UNAVAILABLE': 'Unavailable',
  'notify.status.PAYMENT_FAILED': 'Payment failed',
  'notify.status.CANCELLED': 'Cancelled',
  'notify.title': 'Order {orderId}: update',
  'notify.statusField': 'Status',
  'notify.expectedDelivery': 'Expected delivery',
  'notify.carrier': 'Carrier',
  'notify.tracking': 'Tracking',
  'notify.footer': 'Stop these messages with /order notify off',
  'notify.hintOn': '🔔 You get a DM when your orders change; `/order notify off` stops that.',
  'notify.hintOff': '🔕 Order update DMs are off for you; `/order notify on` turns them on.',
  'notify.nowOn': '🔔 You will get a DM when one of your orders changes.',
  'notify.nowOff': '🔕 No more DMs about your orders. `/order notify on` turns them back on.',
  'notify.featureOff': 'Order update messages are turned off on this bot.',

  'permission.viewChannel': 'View Channel',
  'permission.connect': 'Connect',
  'permission.speak': 'Speak',
  'permission.sendMessagesForNotice': 'Send Messages (for the notice in its chat)',
  'permission.moveMembersWhenFull': 'Move Members (the channel is full)',
  'permission.sendMessages': 'Send Messages',
  'permission.embedLinks': 'Embed Links',
  'permission.readMessageHistory': 'Read Message History',

  'notice.moved':
    'I was moved, so I ended this call; its summary goes to the moderators as usual. Use `/voice join` in the channel where you want me.',
  'notice.movedTo':
    'I was moved to <#{channelId}>, so I ended this call; its summary goes to the moderators as usual. Use `/voice join` in the channel where you want me.',
} as const satisfies Record<string, string>;

/** Every message key; the English catalogue is the source of the key set. */
export type MessageKey = keyof typeof en;

/** A complete catalogue for one language. */
export type Catalogue = Readonly<Record<MessageKey, string>>;
