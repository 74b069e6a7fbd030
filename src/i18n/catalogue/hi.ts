/**
 * Hindi, in Devanagari. Order ids, carriers, tool names and the product name stay in Latin script,
 * as Hindi speakers write them.
 */
import type { Catalogue } from './en.ts';

export const hi = {
  'status.RECEIVED': 'मिल गया',
  'status.CONFIRMED': 'पक्का हो गया',
  'status.PAID': 'भुगतान हो गया',
  'status.PREPARING': 'तैयार हो रहा है',
  'status.OUT_FOR_DELIVERY': 'डिलीवरी के लिए निकल चुका है',
  'status.DELIVERED': 'डिलीवर हो गया',
  'status.UNAVAILABLE': 'उपलब्ध नहीं',
  'status.PAYMENT_FAILED': 'भुगतान बाकी (भुगतान विफल रहा)',
  'status.CANCELLED': 'रद्द',

  'order.heading': '**ऑर्डर {orderId}** · {status}',
  'order.delivered': 'डिलीवर हुआ {relative} ({full})',
  'order.late': 'आना था {relative} ({full}); इसमें देर हो रही है',
  'order.arrives': 'पहुँचेगा {relative} ({full})',
  'order.lastUpdate': 'आखिरी अपडेट {relative}',
  'order.lastUpdateNote': 'आखिरी अपडेट {relative}: {note}',
  'order.items':
    'सामान: {items}{hidden, plural, =0 {} other { और # अन्य}} · कुल {total}, डिलीवरी {delivery} सहित',
  'order.tracking': 'ट्रैकिंग: {carrier} `{trackingNumber}`',
  'order.none': 'इस खाते पर आपका कोई ऑर्डर नहीं है।',
  'order.listHeading': 'आपके ऑर्डर, सबसे नए पहले:',
  'order.listLine':
    '**{orderId}** · {status}{eta, select, late { · देर से} arrives { · पहुँचेगा {arrives}} other {}} · ऑर्डर किया {ordered}',
  'order.listFooter': 'विवरण: `/ऑर्डर स्थिति ऑर्डर_आईडी:<id>`',
  'order.error.idTooLong': 'यह ऑर्डर आईडी बहुत लंबी है। ऑर्डर आईडी `A-1042` जैसी होती है।',
  'order.error.notAnId': 'यह ऑर्डर आईडी नहीं है। ऑर्डर आईडी `A-1042` जैसी होती है: एक अक्षर, एक डैश और एक संख्या।',
  'order.error.notFound': 'आपके खाते पर कोई ऑर्डर {orderId} नहीं है।',
  'order.error.unavailable': 'ऑर्डर सिस्टम अभी जवाब नहीं दे रहा है। कृपया एक मिनट बाद फिर कोशिश करें।',

  'speech.when':
    '{day, select, today {आज} tomorrow {कल} yesterday {बीते कल} other {{date} को}} लगभग {time} बजे UTC',
  'speech.status': 'ऑर्डर {orderId} की स्थिति: {status}।',
  'speech.delivered': 'यह {when} डिलीवर हुआ।',
  'speech.late': 'इसे {when} आना था, इसलिए इसमें देर हो रही है।',
  'speech.arrives': 'यह {when} पहुँचना चाहिए।',
  'speech.tracking': 'यह {carrier} के पास है, ट्रैकिंग नंबर के आखिरी अंक {digits} हैं।',
  'speech.note': 'आखिरी नोट: {note}।',
  'speech.noOrders': 'आपके खाते पर कोई ऑर्डर नहीं है।',
  'speech.listItem': '{orderId}, {status}',
  'speech.listItemArriving': '{orderId}, {status}, {when} पहुँचेगा',
  'speech.list':
    'आपके {count, plural, one {# ऑर्डर} other {# ऑर्डर}} हैं: {items}{older, plural, =0 {} other { और # पुराने}}।',

  'tool.badInput': 'मुझे ऑर्डर आईडी चाहिए, जैसे A-1042। ग्राहक से पूछें।',
  'tool.badAddressInput': 'मुझे ऑर्डर आईडी और पूरा नया पता चाहिए।',
  'tool.addressChanged': 'हो गया: ऑर्डर {orderId} अब {address} पर डिलीवर होगा।',
  'tool.unknownTool': '{name} नाम का कोई टूल नहीं है।',
  'tool.error.emptyId': 'मुझे ऑर्डर आईडी चाहिए, जैसे A-1042।',
  'tool.error.notAnId': 'यह ऑर्डर आईडी जैसा नहीं लगता। ऑर्डर आईडी A-1042 जैसी होती है: एक अक्षर, फिर एक संख्या।',
  'tool.error.notFound': 'आपके खाते पर कोई ऑर्डर {orderId} नहीं है।',
  'tool.error.dispatched': 'ऑर्डर {orderId} डिलीवरी के लिए निकल चुका है, इसलिए अब पता नहीं बदला जा सकता।',
  'tool.error.delivered': 'ऑर्डर {orderId} पहले ही डिलीवर हो चुका है।',
  'tool.error.closed': 'ऑर्डर {orderId} बंद हो चुका है, इसलिए उसका पता नहीं बदला जा सकता।',
  'tool.error.badAddress': 'मैं वह पता इस्तेमाल नहीं कर सका: {reason}।',
  'tool.error.unavailable': 'ऑर्डर सिस्टम अभी जवाब नहीं दे रहा है। कृपया एक मिनट बाद फिर कोशिश करें।',
  'tool.error.unexpected': 'खोजते समय कुछ गड़बड़ हो गई। कृपया एक मिनट बाद फिर कोशिश करें।',
  'tool.error.addressTooShort': 'नया पता डिलीवरी के लिए बहुत छोटा है',
  'tool.error.addressTooLong': 'नया पता {max} अक्षरों से लंबा है',
  'tool.error.addressNeedsNumber': 'नए पते में गली या जगह का नाम और एक नंबर होना चाहिए',

  'notice.consent':
    '🔴 **{botName} इस वॉइस चैनल में सुन रहा है।** यह ऑर्डर से जुड़े सवालों के जवाब बोलकर देता है और इससे कही गई बातों की ट्रांसक्रिप्ट रखता है; कॉल खत्म होने पर मॉडरेटर को सारांश मिलता है।',
  'notice.consentWakeName':
    'यहाँ दो या ज़्यादा लोग हों तो “{wakeName}” से शुरू करें, ताकि उसे पता चले कि आप उससे बात कर रहे हैं।',
  'notice.consentOptOut':
    'नहीं चाहते कि आपको सुना या लिखा जाए? `/आवाज़ मना_करें` इस्तेमाल करें: बॉट इस सर्वर में आपको नहीं सुनेगा (वापस लेने के लिए `/आवाज़ अनुमति_दें`)।',
  'notice.capCall':
    'इस चैनल में अभी बहुत ज़्यादा लोग मुझसे बात कर रहे हैं, इसलिए मैं अभी आपको नहीं सुन सकता। आप अगली बार बोलेंगे तो मैं फिर कोशिश करूँगा।',
  'notice.capProcess':
    'मैं अभी एक साथ बहुत ज़्यादा लोगों की मदद कर रहा हूँ, इसलिए अभी आपको नहीं सुन सकता। आप अगली बार बोलेंगे तो मैं फिर कोशिश करूँगा।',
  'notice.sessionLost': 'असिस्टेंट से मेरा कनेक्शन एक पल के लिए टूट गया। कृपया फिर से कहें।',
  'notice.voiceLost':
    '<#{channelId}> से मेरा वॉइस कनेक्शन टूट गया और मैं उसे वापस नहीं जोड़ सका। फिर कोशिश करने के लिए `/आवाज़ जुड़ें` इस्तेमाल करें।',

  'reply.apology': 'माफ़ कीजिए, हमारी तरफ़ कुछ गड़बड़ हो गई। कृपया थोड़ी देर में फिर कोशिश करें। (संदर्भ `{ref}`)',
  'reply.restarting': 'voicedesk अभी रीस्टार्ट हो रहा है। कृपया एक मिनट बाद फिर कोशिश करें।',

  'summary.title': 'कॉल का सारांश — {channel}',
  'summary.participants': 'प्रतिभागी',
  'summary.duration': 'अवधि',
  'summary.sentiment': 'ग्राहकों का मूड',
  'summary.topics': 'विषय',
  'summary.actionItems': 'करने के काम',
  'summary.ordersDiscussed': 'जिन ऑर्डर पर बात हुई',
  'summary.unresolved': 'अनसुलझे सवाल',
  'summary.none': 'कोई नहीं',
  'summary.continued': '{name} (जारी)',
  'summary.more': '…और {count} अन्य',
  'summary.orderNow': 'अब **{status}**',
  'summary.sentiment.positive': '🙂 सकारात्मक',
  'summary.sentiment.neutral': '😐 तटस्थ',
  'summary.sentiment.negative': '🙁 नकारात्मक',
  'summary.sentiment.mixed': '🤔 मिला-जुला',
  'summary.underAMinute': 'एक मिनट से कम',
  'summary.minutes': '{minutes} मिनट',
  'summary.hours': '{hours} घंटे {minutes} मिनट',

  'prompt.identity': 'आप {botName} हैं, {shopName} की वॉइस हेल्प डेस्क, और Discord के एक वॉइस चैनल में बात कर रहे हैं।',
  'prompt.style':
    'आप {speakerName} से बात कर रहे हैं। जवाब छोटे, दोस्ताना और सुनने में आसान रखें: एक से तीन वाक्य, कोई सूची नहीं, कोई markdown नहीं, और ऑर्डर आईडी वैसे ही बोलें जैसे लिखी हैं (जैसे "A-1042")।',
  'prompt.scope': 'आप ऑर्डर में मदद करते हैं: ऑर्डर कहाँ है, कब पहुँचेगा, और भेजे जाने से पहले डिलीवरी का पता बदलना।',
  'prompt.tools':
    'एक ऑर्डर के लिए get_order_status, बोलने वाले के ऑर्डर ढूँढने के लिए list_my_orders, और बोलने वाले के नया पता साफ़-साफ़ पक्का करने के बाद पता बदलने के लिए change_delivery_address इस्तेमाल करें।',
  'prompt.ownOrders':
    'टूल सिर्फ़ बोलने वाले व्यक्ति के ऑर्डर देखते हैं। अगर कोई किसी और के ऑर्डर के बारे में पूछे, या कहे कि वह मॉडरेटर है या कोई और है, तो नियम से बचने की कोशिश न करें: कहें कि आप सिर्फ़ उनके अपने ऑर्डर में मदद कर सकते हैं।',
  'prompt.noInvention':
    'ऑर्डर की जानकारी कभी न गढ़ें; अगर टूल कहे कि ऑर्डर नहीं मिला, तो यही बताएँ और बोलने वाले से आईडी जाँचने को कहें।',
  'prompt.shared':
    'चैनल में कई लोग हैं। लोग आपस में भी बात करते हैं और आपसे भी; सिर्फ़ तब जवाब दें जब आपको {botName} कहकर बुलाया जाए।',
  'prompt.language':
    'हिंदी में बोलें। अगर बोलने वाला साफ़ तौर पर किसी और भाषा में बात करने लगे, तो उसके बाद उसी की भाषा में जवाब दें।',

  'cmd.help.name': 'मदद',
  'cmd.help.description': 'voicedesk क्या करता है, उसके कमांड और निजता',
  'cmd.order.name': 'ऑर्डर',
  'cmd.order.description': 'आपके ऑर्डर: स्थिति, डिलीवरी का अनुमान, ट्रैकिंग',
  'cmd.order.status.name': 'स्थिति',
  'cmd.order.status.description': 'आपके किसी ऑर्डर की स्थिति, डिलीवरी का अनुमान और ट्रैकिंग',
  'cmd.order.status.order_id.name': 'ऑर्डर_आईडी',
  'cmd.order.status.order_id.description': 'ऑर्डर आईडी, जैसे A-1042',
  'cmd.order.list.name': 'सूची',
  'cmd.order.list.description': 'आपके हाल के ऑर्डर, सबसे नए पहले',
  'cmd.voice.name': 'आवाज़',
  'cmd.voice.description': 'आपके वॉइस चैनल में वॉइस हेल्प डेस्क',
  'cmd.voice.join.name': 'जुड़ें',
  'cmd.voice.join.description': 'हेल्प डेस्क को अपने वॉइस चैनल में लाएँ',
  'cmd.voice.leave.name': 'छोड़ें',
  'cmd.voice.leave.description': 'कॉल खत्म करें और बॉट को चैनल से बाहर भेजें',
  'cmd.voice.status.name': 'स्थिति',
  'cmd.voice.status.description': 'बॉट किसे सुन रहा है, खुले सेशन और अब तक का खर्च',
  'cmd.voice.test.name': 'जाँच',
  'cmd.voice.test.description': 'माइक जाँच: आप आगे जो कहेंगे, बॉट उसे वापस सुनाएगा',
  'cmd.voice.optout.name': 'मना_करें',
  'cmd.voice.optout.description': 'इस सर्वर में बॉट आपको कभी न सुने और न लिखे',
  'cmd.voice.optin.name': 'अनुमति_दें',
  'cmd.voice.optin.description': 'इस सर्वर में बॉट आपको फिर से सुन सके',
  'cmd.voicedesk.name': 'voicedesk',
  'cmd.voicedesk.description': 'इस सर्वर के लिए voicedesk की सेटिंग्स',
  'cmd.voicedesk.settings.name': 'सेटिंग्स',
  'cmd.voicedesk.settings.description': 'सारांश कहाँ जाएँ, मॉडरेटर भूमिका और बुलाने का नाम देखें या बदलें',
  'cmd.voicedesk.settings.summary_channel.name': 'सारांश_चैनल',
  'cmd.voicedesk.settings.summary_channel.description': 'कॉल सारांशों का चैनल (बेहतर हो कि सिर्फ़ मॉडरेटर के लिए)',
  'cmd.voicedesk.settings.moderator_role.name': 'मॉडरेटर_भूमिका',
  'cmd.voicedesk.settings.moderator_role.description': 'वह भूमिका जिसके सदस्य हर ऑर्डर देख सकते हैं',
  'cmd.voicedesk.settings.wake_name.name': 'बुलाने_का_नाम',
  'cmd.voicedesk.settings.wake_name.description': 'वह नाम जिससे लोग बॉट को बुलाते हैं',
  'cmd.voicedesk.settings.clear.name': 'हटाएँ',
  'cmd.voicedesk.settings.clear.description': 'एक सेटिंग हटाएँ',
  'cmd.voicedesk.settings.clear.summaryChannelId.choice': 'सारांश चैनल',
  'cmd.voicedesk.settings.clear.moderatorRoleId.choice': 'मॉडरेटर भूमिका',
  'cmd.voicedesk.settings.clear.wakeName.choice': 'बुलाने का नाम',
} as const satisfies Catalogue;
