/** Spanish (Spain and Latin America share it: Discord's `es-ES` and `es-419`). */
import type { Catalogue } from './en.ts';

export const es = {
  'status.RECEIVED': 'recibido',
  'status.CONFIRMED': 'confirmado',
  'status.PAID': 'pagado',
  'status.PREPARING': 'en preparación',
  'status.OUT_FOR_DELIVERY': 'en reparto',
  'status.DELIVERED': 'entregado',
  'status.UNAVAILABLE': 'no disponible',
  'status.PAYMENT_FAILED': 'pendiente de pago (el pago falló)',
  'status.CANCELLED': 'cancelado',

  'order.heading': '**Pedido {orderId}** · {status}',
  'order.delivered': 'Entregado {relative} ({full})',
  'order.late': 'Debía llegar {relative} ({full}); va con retraso',
  'order.arrives': 'Llega {relative} ({full})',
  'order.lastUpdate': 'Última actualización {relative}',
  'order.lastUpdateNote': 'Última actualización {relative}: {note}',
  'order.items':
    'Artículos: {items}{hidden, plural, =0 {} one { y # más} other { y # más}} · total {total} con envío de {delivery}',
  'order.tracking': 'Seguimiento: {carrier} `{trackingNumber}`',
  'order.none': 'No tienes pedidos en esta cuenta.',
  'order.listHeading': 'Tus pedidos, los más recientes primero:',
  'order.listLine':
    '**{orderId}** · {status}{eta, select, late { · con retraso} arrives { · llega {arrives}} other {}} · pedido {ordered}',
  'order.listFooter': 'Detalles: `/pedido estado id_pedido:<id>`',
  'order.error.idTooLong': 'Ese número de pedido es demasiado largo. Los números son como `A-1042`.',
  'order.error.notAnId':
    'Eso no es un número de pedido. Los números son como `A-1042`: una letra, un guion y un número.',
  'order.error.notFound': 'No hay ningún pedido {orderId} en tu cuenta.',
  'order.error.unavailable':
    'El sistema de pedidos no responde ahora mismo. Vuelve a intentarlo en un minuto.',

  'speech.when':
    '{day, select, today {hoy} tomorrow {mañana} yesterday {ayer} other {el {date}}} hacia las {time} UTC',
  'speech.status': 'El pedido {orderId} está {status}.',
  'speech.delivered': 'Se entregó {when}.',
  'speech.late': 'Debía llegar {when}, así que va con retraso.',
  'speech.arrives': 'Debería llegar {when}.',
  'speech.tracking': 'Lo lleva {carrier}, con número de seguimiento terminado en {digits}.',
  'speech.note': 'Última nota: {note}.',
  'speech.noOrders': 'No hay pedidos en tu cuenta.',
  'speech.listItem': '{orderId}, {status}',
  'speech.listItemArriving': '{orderId}, {status}, llega {when}',
  'speech.list':
    'Tienes {count, plural, one {# pedido} other {# pedidos}}: {items}{older, plural, =0 {} one { y # más antiguo} other { y # más antiguos}}.',

  'tool.badInput': 'Necesito el número de pedido, por ejemplo A-1042. Pídeselo al cliente.',
  'tool.badAddressInput': 'Necesito el número de pedido y la nueva dirección completa.',
  'tool.addressChanged': 'Hecho: el pedido {orderId} se entregará ahora en {address}.',
  'tool.unknownTool': 'No existe ninguna herramienta llamada {name}.',
  'tool.error.emptyId': 'Necesito el número de pedido, por ejemplo A-1042.',
  'tool.error.notAnId':
    'Eso no parece un número de pedido. Los números son como A-1042: una letra y luego un número.',
  'tool.error.notFound': 'No hay ningún pedido {orderId} en tu cuenta.',
  'tool.error.dispatched':
    'El pedido {orderId} ya está en reparto, así que ya no se puede cambiar la dirección.',
  'tool.error.delivered': 'El pedido {orderId} ya se entregó.',
  'tool.error.closed': 'El pedido {orderId} está cerrado, así que no se puede cambiar su dirección.',
  'tool.error.badAddress': 'No he podido usar esa dirección: {reason}.',
  'tool.error.unavailable':
    'El sistema de pedidos no responde ahora mismo. Vuelve a intentarlo en un minuto.',
  'tool.error.unexpected': 'Algo falló al buscarlo. Vuelve a intentarlo en un minuto.',
  'tool.error.addressTooShort': 'la nueva dirección es demasiado corta para hacer una entrega',
  'tool.error.addressTooLong': 'la nueva dirección tiene más de {max} caracteres',
  'tool.error.addressNeedsNumber': 'la nueva dirección necesita un nombre de calle o lugar y un número',

  'notice.consent':
    '🔴 **{botName} está escuchando en este canal de voz.** Responde por voz a preguntas sobre pedidos y guarda una transcripción de lo que se le dice; los moderadores reciben un resumen al terminar la llamada.',
  'notice.consentWakeName':
    'Si hay dos o más personas, empieza con «{wakeName}» para que sepa que le hablas a él.',
  'notice.consentOptOut':
    '¿No quieres que te escuche ni te transcriba? Usa `/voz excluirme`: el bot no te escuchará en este servidor (`/voz incluirme` para deshacerlo).',
  'notice.capCall':
    'Ahora mismo me hablan demasiadas personas en este canal, así que todavía no puedo escucharte. Lo intentaré de nuevo cuando vuelvas a hablar.',
  'notice.capProcess':
    'Ahora mismo estoy ayudando a demasiadas personas a la vez, así que todavía no puedo escucharte. Lo intentaré de nuevo cuando vuelvas a hablar.',
  'notice.sessionLost': 'He perdido un momento la conexión con el asistente. ¿Puedes repetirlo?',
  'notice.voiceLost':
    'He perdido la conexión de voz con <#{channelId}> y no he podido recuperarla. Usa `/voz unirse` para volver a intentarlo.',

  'reply.apology':
    'Lo siento, algo ha fallado por nuestra parte. Vuelve a intentarlo en un momento. (ref. `{ref}`)',
  'reply.restarting': 'voicedesk se está reiniciando ahora mismo. Vuelve a intentarlo en un minuto.',
  'reply.someone': 'alguien',

  'summary.title': 'Resumen de la llamada — {channel}',
  'summary.participants': 'Participantes',
  'summary.duration': 'Duración',
  'summary.sentiment': 'Opinión de los clientes',
  'summary.topics': 'Temas',
  'summary.actionItems': 'Tareas pendientes',
  'summary.ordersDiscussed': 'Pedidos tratados',
  'summary.unresolved': 'Preguntas sin resolver',
  'summary.none': 'Ninguno',
  'summary.continued': '{name} (cont.)',
  'summary.more': '…y {count} más',
  'summary.orderNow': 'ahora **{status}**',
  'summary.sentiment.positive': '🙂 Positiva',
  'summary.sentiment.neutral': '😐 Neutral',
  'summary.sentiment.negative': '🙁 Negativa',
  'summary.sentiment.mixed': '🤔 Mixta',
  'summary.underAMinute': 'menos de un minuto',
  'summary.minutes': '{minutes} min',
  'summary.hours': '{hours} h {minutes} min',

  'prompt.identity':
    'Eres {botName}, el servicio de ayuda por voz de {shopName}, y hablas en un canal de voz de Discord.',
  'prompt.style':
    'Hablas con {speakerName}. Da respuestas breves, amables y fáciles de escuchar: de una a tres frases, sin listas, sin markdown, y di los números de pedido tal como se escriben (por ejemplo «A-1042»).',
  'prompt.scope':
    'Ayudas con los pedidos: dónde está un pedido, cuándo llegará y el cambio de la dirección de entrega antes del envío.',
  'prompt.tools':
    'Usa get_order_status para un pedido, list_my_orders para encontrar los pedidos de quien habla y change_delivery_address para cambiar una dirección después de que la persona haya confirmado claramente la nueva dirección.',
  'prompt.ownOrders':
    'Las herramientas solo ven los pedidos de la persona que habla. Si alguien pregunta por el pedido de otra persona, o dice que es moderador o que es otra persona, no intentes saltarte la regla: di que solo puedes ayudar con sus propios pedidos.',
  'prompt.noInvention':
    'Nunca inventes detalles de un pedido; si una herramienta dice que no se encontró un pedido, dilo y pide a la persona que compruebe el número.',
  'prompt.shared':
    'Hay varias personas en el canal. Hablan entre ellas además de contigo; responde solo cuando se dirijan a ti como {botName}.',
  'prompt.language':
    'Habla en español. Si la persona cambia claramente a otro idioma, responde en su idioma a partir de entonces.',

  'cmd.help.name': 'ayuda',
  'cmd.help.description': 'Qué hace voicedesk, sus comandos y la privacidad',
  'cmd.order.name': 'pedido',
  'cmd.order.description': 'Tus pedidos: estado, entrega estimada, seguimiento',
  'cmd.order.status.name': 'estado',
  'cmd.order.status.description': 'Estado, entrega estimada y seguimiento de uno de tus pedidos',
  'cmd.order.status.order_id.name': 'id_pedido',
  'cmd.order.status.order_id.description': 'El número de pedido, por ejemplo A-1042',
  'cmd.order.list.name': 'lista',
  'cmd.order.list.description': 'Tus pedidos recientes, los más nuevos primero',
  'cmd.voice.name': 'voz',
  'cmd.voice.description': 'La ayuda por voz en tu canal de voz',
  'cmd.voice.join.name': 'unirse',
  'cmd.voice.join.description': 'Traer la ayuda a tu canal de voz',
  'cmd.voice.leave.name': 'salir',
  'cmd.voice.leave.description': 'Terminar la llamada y sacar al bot del canal',
  'cmd.voice.status.name': 'estado',
  'cmd.voice.status.description': 'A quién oye el bot, sesiones abiertas y coste hasta ahora',
  'cmd.voice.test.name': 'prueba',
  'cmd.voice.test.description': 'Prueba de micrófono: el bot reproduce lo que digas a continuación',
  'cmd.voice.optout.name': 'excluirme',
  'cmd.voice.optout.description': 'Que el bot nunca te oiga ni te transcriba en este servidor',
  'cmd.voice.optin.name': 'incluirme',
  'cmd.voice.optin.description': 'Que el bot vuelva a oírte en este servidor',
  'cmd.voicedesk.name': 'voicedesk',
  'cmd.voicedesk.description': 'Ajustes de voicedesk para este servidor',
  'cmd.voicedesk.settings.name': 'ajustes',
  'cmd.voicedesk.settings.description':
    'Ver o cambiar adónde van los resúmenes, el rol de moderador y el nombre de llamada',
  'cmd.voicedesk.settings.summary_channel.name': 'canal_resúmenes',
  'cmd.voicedesk.settings.summary_channel.description':
    'Canal para los resúmenes de llamadas (idealmente solo para moderadores)',
  'cmd.voicedesk.settings.moderator_role.name': 'rol_moderador',
  'cmd.voicedesk.settings.moderator_role.description': 'Rol cuyos miembros pueden ver todos los pedidos',
  'cmd.voicedesk.settings.wake_name.name': 'nombre_llamada',
  'cmd.voicedesk.settings.wake_name.description': 'El nombre que se dice para hablarle al bot',
  'cmd.voicedesk.settings.clear.name': 'borrar',
  'cmd.voicedesk.settings.clear.description': 'Quitar un ajuste',
  'cmd.voicedesk.settings.clear.summaryChannelId.choice': 'canal de resúmenes',
  'cmd.voicedesk.settings.clear.moderatorRoleId.choice': 'rol de moderador',
  'cmd.voicedesk.settings.clear.wakeName.choice': 'nombre de llamada',

  'cmd.order.notify.name': 'avisos',
  'cmd.order.notify.description': 'Recibir un MD cuando cambie uno de tus pedidos, o dejar de recibirlo',
  'cmd.order.notify.updates.name': 'mensajes',
  'cmd.order.notify.updates.description': 'sí: un MD cuando cambien mis pedidos; no: ninguno',
  'cmd.order.notify.updates.on.choice': 'sí',
  'cmd.order.notify.updates.off.choice': 'no',
  'cmd.voice.forget-me.name': 'olvídame',
  'cmd.voice.forget-me.description':
    'Borrar de las transcripciones lo que dijiste en llamadas de este servidor',
  'cmd.voicedesk.settings.join_role.name': 'rol_llamada',
  'cmd.voicedesk.settings.join_role.description':
    'Solo los miembros con este rol pueden iniciar una llamada (@everyone: cualquiera)',
  'cmd.voicedesk.settings.order_updates.name': 'md_pedidos',
  'cmd.voicedesk.settings.order_updates.description':
    'MD de pedidos por defecto (cada miembro cambia el suyo con /pedido avisos)',
  'cmd.voicedesk.settings.order_updates.on.choice': 'sí',
  'cmd.voicedesk.settings.order_updates.off.choice': 'no',
  'cmd.voicedesk.settings.clear.joinRoleId.choice': 'rol para iniciar llamadas',
  'cmd.voicedesk.settings.clear.orderUpdates.choice': 'MD de pedidos por defecto',

  'notify.status.RECEIVED': 'Recibido',
  'notify.status.CONFIRMED': 'Confirmado',
  'notify.status.PAID': 'Pagado',
  'notify.status.PREPARING': 'En preparación',
  'notify.status.OUT_FOR_DELIVERY': 'En reparto',
  'notify.status.DELIVERED': 'Entregado',
  'notify.status.UNAVAILABLE': 'No disponible',
  'notify.status.PAYMENT_FAILED': 'Pago fallido',
  'notify.status.CANCELLED': 'Cancelado',
  'notify.title': 'Pedido {orderId}: novedad',
  'notify.statusField': 'Estado',
  'notify.expectedDelivery': 'Entrega prevista',
  'notify.carrier': 'Transportista',
  'notify.tracking': 'Seguimiento',
  'notify.footer': 'Dejar de recibir estos mensajes: /pedido avisos no',
  'notify.hintOn': '🔔 Recibes un MD cuando cambian tus pedidos; `/pedido avisos no` lo desactiva.',
  'notify.hintOff': '🔕 Los MD sobre tus pedidos están desactivados; `/pedido avisos sí` los activa.',
  'notify.nowOn': '🔔 Recibirás un MD cuando cambie uno de tus pedidos.',
  'notify.nowOff': '🔕 No más MD sobre tus pedidos. `/pedido avisos sí` los vuelve a activar.',
  'notify.featureOff': 'Los mensajes sobre pedidos están desactivados en este bot.',

  'permission.viewChannel': 'Ver canal',
  'permission.connect': 'Conectar',
  'permission.speak': 'Hablar',
  'permission.sendMessagesForNotice': 'Enviar mensajes (para el aviso en su chat)',
  'permission.moveMembersWhenFull': 'Mover miembros (el canal está lleno)',
  'permission.sendMessages': 'Enviar mensajes',
  'permission.embedLinks': 'Insertar enlaces',
  'permission.readMessageHistory': 'Leer el historial de mensajes',

  'notice.moved':
    'Me han movido, así que he terminado esta llamada; su resumen va a los moderadores como siempre. Usa `/voz unirse` en el canal donde me quieras.',
  'notice.movedTo':
    'Me han movido a <#{channelId}>, así que he terminado esta llamada; su resumen va a los moderadores como siempre. Usa `/voz unirse` en el canal donde me quieras.',
} as const satisfies Catalogue;
