/** Brazilian Portuguese. Order words agree with "o pedido" (masculine). */
import type { Catalogue } from './en.ts';

export const ptBR = {
  'status.RECEIVED': 'recebido',
  'status.CONFIRMED': 'confirmado',
  'status.PAID': 'pago',
  'status.PREPARING': 'em preparação',
  'status.OUT_FOR_DELIVERY': 'saiu para entrega',
  'status.DELIVERED': 'entregue',
  'status.UNAVAILABLE': 'indisponível',
  'status.PAYMENT_FAILED': 'aguardando pagamento (o pagamento falhou)',
  'status.CANCELLED': 'cancelado',

  'order.heading': '**Pedido {orderId}** · {status}',
  'order.delivered': 'Entregue {relative} ({full})',
  'order.late': 'Era esperado {relative} ({full}); está atrasado',
  'order.arrives': 'Chega {relative} ({full})',
  'order.lastUpdate': 'Última atualização {relative}',
  'order.lastUpdateNote': 'Última atualização {relative}: {note}',
  'order.items':
    'Itens: {items}{hidden, plural, =0 {} one { e mais #} other { e mais #}} · total {total} com entrega de {delivery}',
  'order.tracking': 'Rastreio: {carrier} `{trackingNumber}`',
  'order.none': 'Você não tem pedidos nesta conta.',
  'order.listHeading': 'Seus pedidos, do mais recente:',
  'order.listLine':
    '**{orderId}** · {status}{eta, select, late { · atrasado} arrives { · chega {arrives}} other {}} · feito {ordered}',
  'order.listFooter': 'Detalhes: `/pedido status id_pedido:<id>`',
  'order.error.idTooLong': 'Esse número de pedido é longo demais. Os números são como `A-1042`.',
  'order.error.notAnId':
    'Isso não é um número de pedido. Os números são como `A-1042`: uma letra, um hífen e um número.',
  'order.error.notFound': 'Nenhum pedido {orderId} na sua conta.',
  'order.error.unavailable': 'O sistema de pedidos não está respondendo agora. Tente de novo em um minuto.',

  'speech.when':
    '{day, select, today {hoje} tomorrow {amanhã} yesterday {ontem} other {{date}}} por volta das {time} UTC',
  'speech.status': 'O pedido {orderId} está {status}.',
  'speech.delivered': 'Ele foi entregue {when}.',
  'speech.late': 'Ele era esperado {when}, então está atrasado.',
  'speech.arrives': 'Ele deve chegar {when}.',
  'speech.tracking': 'Está com {carrier}, código de rastreio terminando em {digits}.',
  'speech.note': 'Última observação: {note}.',
  'speech.noOrders': 'Não há pedidos na sua conta.',
  'speech.listItem': '{orderId}, {status}',
  'speech.listItemArriving': '{orderId}, {status}, chegando {when}',
  'speech.list':
    'Você tem {count, plural, one {# pedido} other {# pedidos}}: {items}{older, plural, =0 {} one { e mais # antigo} other { e mais # antigos}}.',

  'tool.badInput': 'Preciso do número do pedido, por exemplo A-1042. Peça ao cliente.',
  'tool.badAddressInput': 'Preciso do número do pedido e do novo endereço completo.',
  'tool.addressChanged': 'Pronto: o pedido {orderId} agora será entregue em {address}.',
  'tool.unknownTool': 'Não existe ferramenta chamada {name}.',
  'tool.error.emptyId': 'Preciso do número do pedido, por exemplo A-1042.',
  'tool.error.notAnId':
    'Isso não parece um número de pedido. Os números são como A-1042: uma letra e depois um número.',
  'tool.error.notFound': 'Não há nenhum pedido {orderId} na sua conta.',
  'tool.error.dispatched':
    'O pedido {orderId} já saiu para entrega, então o endereço não pode mais ser alterado.',
  'tool.error.delivered': 'O pedido {orderId} já foi entregue.',
  'tool.error.closed': 'O pedido {orderId} está encerrado, então o endereço não pode ser alterado.',
  'tool.error.badAddress': 'Não consegui usar esse endereço: {reason}.',
  'tool.error.unavailable': 'O sistema de pedidos não está respondendo agora. Tente de novo em um minuto.',
  'tool.error.unexpected': 'Algo deu errado na consulta. Tente de novo em um minuto.',
  'tool.error.addressTooShort': 'o novo endereço é curto demais para uma entrega',
  'tool.error.addressTooLong': 'o novo endereço tem mais de {max} caracteres',
  'tool.error.addressNeedsNumber': 'o novo endereço precisa de um nome de rua ou lugar e um número',

  'notice.consent':
    '🔴 **{botName} está ouvindo neste canal de voz.** Ele responde por voz a perguntas sobre pedidos e guarda uma transcrição do que dizem a ele; os moderadores recebem um resumo quando a chamada termina.',
  'notice.consentWakeName':
    'Com duas ou mais pessoas aqui, comece com “{wakeName}” para ele saber que você está falando com ele.',
  'notice.consentOptOut':
    'Não quer ser ouvido nem transcrito? Use `/voz recusar`: o bot não vai ouvir você neste servidor (`/voz aceitar` para desfazer).',
  'notice.capCall':
    'Tem gente demais falando comigo neste canal agora, então ainda não consigo ouvir você. Vou tentar de novo quando você falar outra vez.',
  'notice.capProcess':
    'Estou ajudando gente demais ao mesmo tempo agora, então ainda não consigo ouvir você. Vou tentar de novo quando você falar outra vez.',
  'notice.sessionLost': 'Perdi a conexão com o assistente por um momento. Pode repetir?',
  'notice.voiceLost':
    'Perdi a conexão de voz com <#{channelId}> e não consegui recuperá-la. Use `/voz entrar` para tentar de novo.',

  'reply.apology': 'Desculpe, algo deu errado do nosso lado. Tente de novo em um instante. (ref. `{ref}`)',
  'reply.restarting': 'O voicedesk está reiniciando agora. Tente de novo em um minuto.',
  'reply.someone': 'alguém',

  'summary.title': 'Resumo da chamada — {channel}',
  'summary.participants': 'Participantes',
  'summary.duration': 'Duração',
  'summary.sentiment': 'Sentimento dos clientes',
  'summary.topics': 'Assuntos',
  'summary.actionItems': 'Próximos passos',
  'summary.ordersDiscussed': 'Pedidos discutidos',
  'summary.unresolved': 'Perguntas em aberto',
  'summary.none': 'Nenhum',
  'summary.continued': '{name} (cont.)',
  'summary.more': '…e mais {count}',
  'summary.orderNow': 'agora **{status}**',
  'summary.sentiment.positive': '🙂 Positivo',
  'summary.sentiment.neutral': '😐 Neutro',
  'summary.sentiment.negative': '🙁 Negativo',
  'summary.sentiment.mixed': '🤔 Misto',
  'summary.underAMinute': 'menos de um minuto',
  'summary.minutes': '{minutes} min',
  'summary.hours': '{hours} h {minutes} min',

  'prompt.identity':
    'Você é {botName}, o atendimento por voz de {shopName}, falando em um canal de voz do Discord.',
  'prompt.style':
    'Você está falando com {speakerName}. Dê respostas curtas, simpáticas e fáceis de ouvir: de uma a três frases, sem listas, sem markdown, e diga os números de pedido como estão escritos (por exemplo “A-1042”).',
  'prompt.scope':
    'Você ajuda com pedidos: onde um pedido está, quando vai chegar e a troca do endereço de entrega antes do envio.',
  'prompt.tools':
    'Use get_order_status para um pedido, list_my_orders para encontrar os pedidos de quem fala e change_delivery_address para trocar um endereço depois que a pessoa confirmar claramente o novo endereço.',
  'prompt.ownOrders':
    'As ferramentas só veem os pedidos da pessoa que está falando. Se alguém perguntar pelo pedido de outra pessoa, ou disser que é moderador ou outra pessoa, não tente contornar a regra: diga que só pode ajudar com os pedidos dela.',
  'prompt.noInvention':
    'Nunca invente detalhes de pedidos; se uma ferramenta disser que um pedido não foi encontrado, diga isso e peça à pessoa para conferir o número.',
  'prompt.shared':
    'Há várias pessoas no canal. Elas conversam entre si além de falar com você; só responda quando chamarem você de {botName}.',
  'prompt.language':
    'Fale português do Brasil. Se a pessoa mudar claramente para outro idioma, responda no idioma dela a partir daí.',

  'cmd.help.name': 'ajuda',
  'cmd.help.description': 'O que o voicedesk faz, seus comandos e privacidade',
  'cmd.order.name': 'pedido',
  'cmd.order.description': 'Seus pedidos: status, previsão de entrega, rastreio',
  'cmd.order.status.name': 'status',
  'cmd.order.status.description': 'Status, previsão de entrega e rastreio de um dos seus pedidos',
  'cmd.order.status.order_id.name': 'id_pedido',
  'cmd.order.status.order_id.description': 'O número do pedido, por exemplo A-1042',
  'cmd.order.list.name': 'lista',
  'cmd.order.list.description': 'Seus pedidos recentes, do mais novo',
  'cmd.voice.name': 'voz',
  'cmd.voice.description': 'O atendimento por voz no seu canal de voz',
  'cmd.voice.join.name': 'entrar',
  'cmd.voice.join.description': 'Trazer o atendimento para o seu canal de voz',
  'cmd.voice.leave.name': 'sair',
  'cmd.voice.leave.description': 'Encerrar a chamada e tirar o bot do canal',
  'cmd.voice.status.name': 'status',
  'cmd.voice.status.description': 'Quem o bot ouve, sessões abertas e custo até agora',
  'cmd.voice.test.name': 'teste',
  'cmd.voice.test.description': 'Teste de microfone: o bot repete o que você disser em seguida',
  'cmd.voice.optout.name': 'recusar',
  'cmd.voice.optout.description': 'Nunca deixar o bot ouvir ou transcrever você neste servidor',
  'cmd.voice.optin.name': 'aceitar',
  'cmd.voice.optin.description': 'Deixar o bot ouvir você de novo neste servidor',
  'cmd.voicedesk.name': 'voicedesk',
  'cmd.voicedesk.description': 'Configurações do voicedesk para este servidor',
  'cmd.voicedesk.settings.name': 'configurações',
  'cmd.voicedesk.settings.description':
    'Ver ou mudar para onde vão os resumos, o cargo de moderador e o nome de chamada',
  'cmd.voicedesk.settings.summary_channel.name': 'canal_resumos',
  'cmd.voicedesk.settings.summary_channel.description':
    'Canal para resumos de chamadas (de preferência só para moderadores)',
  'cmd.voicedesk.settings.moderator_role.name': 'cargo_moderador',
  'cmd.voicedesk.settings.moderator_role.description': 'Cargo cujos membros podem ver todos os pedidos',
  'cmd.voicedesk.settings.wake_name.name': 'nome_chamada',
  'cmd.voicedesk.settings.wake_name.description': 'O nome que as pessoas dizem para falar com o bot',
  'cmd.voicedesk.settings.clear.name': 'limpar',
  'cmd.voicedesk.settings.clear.description': 'Remover uma configuração',
  'cmd.voicedesk.settings.clear.summaryChannelId.choice': 'canal de resumos',
  'cmd.voicedesk.settings.clear.moderatorRoleId.choice': 'cargo de moderador',
  'cmd.voicedesk.settings.clear.wakeName.choice': 'nome de chamada',

  'cmd.order.notify.name': 'avisos',
  'cmd.order.notify.description': 'Receber uma DM quando um dos seus pedidos mudar, ou parar de receber',
  'cmd.order.notify.updates.name': 'mensagens',
  'cmd.order.notify.updates.description': 'sim: uma DM quando meus pedidos mudarem; não: nenhuma',
  'cmd.order.notify.updates.on.choice': 'sim',
  'cmd.order.notify.updates.off.choice': 'não',
  'cmd.voice.forget-me.name': 'esqueça-me',
  'cmd.voice.forget-me.description': 'Apagar das transcrições o que você disse em chamadas neste servidor',
  'cmd.voicedesk.settings.join_role.name': 'cargo_chamada',
  'cmd.voicedesk.settings.join_role.description':
    'Só membros com este cargo podem iniciar uma chamada (@everyone: qualquer um)',
  'cmd.voicedesk.settings.order_updates.name': 'dms_pedidos',
  'cmd.voicedesk.settings.order_updates.description':
    'Padrão das DMs de pedidos (cada membro muda o seu com /pedido avisos)',
  'cmd.voicedesk.settings.order_updates.on.choice': 'sim',
  'cmd.voicedesk.settings.order_updates.off.choice': 'não',
  'cmd.voicedesk.settings.clear.joinRoleId.choice': 'cargo para iniciar chamadas',
  'cmd.voicedesk.settings.clear.orderUpdates.choice': 'padrão das DMs de pedidos',

  'notify.status.RECEIVED': 'Recebido',
  'notify.status.CONFIRMED': 'Confirmado',
  'notify.status.PAID': 'Pago',
  'notify.status.PREPARING': 'Em preparação',
  'notify.status.OUT_FOR_DELIVERY': 'Saiu para entrega',
  'notify.status.DELIVERED': 'Entregue',
  'notify.status.UNAVAILABLE': 'Indisponível',
  'notify.status.PAYMENT_FAILED': 'Pagamento recusado',
  'notify.status.CANCELLED': 'Cancelado',
  'notify.title': 'Pedido {orderId}: atualização',
  'notify.statusField': 'Status',
  'notify.expectedDelivery': 'Previsão de entrega',
  'notify.carrier': 'Transportadora',
  'notify.tracking': 'Rastreio',
  'notify.footer': 'Parar de receber estas mensagens: /pedido avisos não',
  'notify.hintOn': '🔔 Você recebe uma DM quando seus pedidos mudam; `/pedido avisos não` desativa isso.',
  'notify.hintOff': '🔕 As DMs sobre seus pedidos estão desativadas; `/pedido avisos sim` as ativa.',
  'notify.nowOn': '🔔 Você vai receber uma DM quando um dos seus pedidos mudar.',
  'notify.nowOff': '🔕 Sem mais DMs sobre seus pedidos. `/pedido avisos sim` as reativa.',
  'notify.featureOff': 'As mensagens sobre pedidos estão desativadas neste bot.',

  'permission.viewChannel': 'Ver canal',
  'permission.connect': 'Conectar',
  'permission.speak': 'Falar',
  'permission.sendMessagesForNotice': 'Enviar mensagens (para o aviso no chat dele)',
  'permission.moveMembersWhenFull': 'Mover membros (o canal está cheio)',
  'permission.sendMessages': 'Enviar mensagens',
  'permission.embedLinks': 'Inserir links',
  'permission.readMessageHistory': 'Ver histórico de mensagens',

  'notice.moved':
    'Fui movido, então encerrei esta chamada; o resumo vai para os moderadores como sempre. Use `/voz entrar` no canal onde você me quer.',
  'notice.movedTo':
    'Fui movido para <#{channelId}>, então encerrei esta chamada; o resumo vai para os moderadores como sempre. Use `/voz entrar` no canal onde você me quer.',
} as const satisfies Catalogue;
