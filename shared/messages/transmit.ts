// Messages of transmission (outbox, links, receipts, removable media), spread into the main
// catalogues (es-MX.ts, en.ts); keys are what the code stores in lastError and attempts.
export const esMXTransmit = {
  transmit: {
    error: {
      unknownLink: 'Ese enlace no está en la configuración de la estación.',
      interrupted: 'El envío se interrumpió (la estación se reinició). Se reintentará solo.',
      connect: 'No se pudo conectar con el acopio central por este enlace. Se usa el otro enlace.',
      timeout: 'El acopio central no respondió a tiempo por este enlace. Se usa el otro enlace.',
      reset: 'La conexión se cortó durante el envío. Se reintentará por el enlace disponible.',
      tls: 'El certificado del servidor no es el del acopio central. Avise al supervisor.',
      too_large: 'El servidor respondió con datos inesperados. Se usa el otro enlace.',
      aborted: 'Envío detenido para cambiar de enlace. Se reintentará enseguida.',
      server: 'El acopio central tiene una falla temporal. Se reintentará.',
      notIntake:
        'Lo que responde por este enlace no es el acopio central (¿portal de acceso?). Se usa el otro enlace.',
      receiptMalformed: 'El acuse recibido está incompleto. El acta sigue pendiente y se reintentará.',
      receiptSignature: 'El acuse no trae la firma del acopio central. El acta sigue pendiente.',
      receiptMismatch: 'El acuse no corresponde a esta acta. El acta sigue pendiente.',
      in_flight: 'El acopio central aún procesa esta acta. Se reintentará.',
      busy: 'El acopio central está ocupado y pidió esperar. El acta sigue en la cola y se enviará sola.',
      blobs_missing: 'Faltan imágenes en el acopio central. Se volverán a enviar.',
      offset_mismatch: 'La carga de la imagen se reanudará donde quedó.',
      chunk_hash_mismatch: 'Un fragmento llegó dañado. Se volverá a enviar.',
      notEnrolled: 'Esta estación no está inscrita en el acopio central. El supervisor debe inscribirla.',
      purpose_mismatch:
        'El acopio rechazó el acta: una de capacitación no va a un acopio real, ni una real a uno de capacitación. Avise al supervisor.',
      bad_signature: 'El acopio central rechazó la firma de la estación. Avise al supervisor.',
      idempotency_conflict: 'El acopio central tiene otra versión de esta acta. Avise al supervisor.',
      idempotency_mismatch:
        'El acopio central rechazó el envío: su clave de envío no coincide con la firmada. Avise al supervisor.',
      acta_conflict: 'El acopio central ya tiene un acta con esta clave. El supervisor debe revisarla.',
      blob_hash_mismatch: 'La imagen no coincide con su código de integridad. El supervisor debe revisarla.',
      imageMissing: 'No se encuentra la imagen del acta en la estación. Avise al supervisor.',
      imageChanged: 'La imagen cambió después de verificarse. Debe volver a digitalizarse.',
      bad_request: 'El acopio central rechazó el envío por estar mal formado. Avise al supervisor.',
      not_found: 'El acopio central no reconoce la solicitud. Revise la versión del sistema.',
      internal: 'Error interno al enviar; quedó registrado. Se reintentará más tarde.',
      pinMismatch: 'La clave del servidor no es la registrada para el acopio central. Avise al supervisor.',
      unauthenticated:
        'Algo en este enlace quitó la firma de la estación (¿un proxy?). Se usa el otro enlace.',
      request_signature:
        'El acopio central no reconoce la firma de esta estación (¿llave distinta a la inscrita?). Avise al supervisor.',
      stale_request: 'El reloj de la estación difiere del acopio central; se volvió a medir. Se reintentará.',
      replayed_request: 'El acopio central tomó el envío por repetido. Se reintentará con una firma nueva.',
      body_hash_mismatch: 'El envío llegó alterado al acopio central. Se reintentará.',
      partials_full:
        'El acopio central tiene demasiadas cargas sin terminar de esta estación. Se reintentará más tarde.',
      stale_heartbeat: 'El acopio central rechazó un reporte de estado atrasado. Se enviará uno nuevo.',
    },
    link: {
      active: 'Enviando por {{link}}',
      none: 'Sin enlace: las actas esperan en la cola. El supervisor puede exportarlas a USB.',
      switched: 'Cambio de enlace: de {{from}} a {{to}}',
      circuitOpen: 'Enlace {{link}} fuera de servicio; se revisa cada segundo.',
    },
    queue: {
      pending: '{{count}} actas por enviar',
      dead: '{{count}} actas detenidas: el supervisor debe revisarlas',
      requeue: 'Reintentar envío',
    },
  },
  outbox: {
    error: {
      invalid: 'Los datos del acta no son válidos para enviarse.',
      imageMissing: 'No se encuentra la imagen del acta.',
    },
  },
  media: {
    progress: { write: 'Copiando {{done}} de {{total}}…', verify: 'Verificando {{done}} de {{total}}…' },
    done: '{{count}} actas exportadas a {{folder}}. Lleve la memoria al acopio central.',
    error: {
      folderRequired: 'Escriba la carpeta de la memoria USB.',
      folderNotAbsolute: 'Escriba la ruta completa de la carpeta (por ejemplo /media/usb).',
      folderUnusable:
        'No se puede escribir en esa carpeta: revise que la memoria esté conectada y no protegida.',
      notEnrolled: 'La estación no tiene la llave del centro de acopio: no puede validar acuses.',
      nothingPending: 'No hay actas pendientes de enviar.',
      write: 'No se pudo escribir en la memoria USB. Pruebe con otra.',
      verify: 'La copia en la memoria USB no se pudo verificar. Pruebe con otra.',
      cancelled: 'Exportación cancelada: no quedó nada a medias en la memoria y las actas siguen pendientes.',
      busy: 'Ya hay una exportación en curso. Espere a que termine o cancélela.',
      noExport: 'No hay ninguna exportación en curso.',
    },
    receipts: '{{count}} acuses aplicados desde la memoria USB.',
  },
  enrol: {
    error: {
      unreadable: 'No se pudo leer el archivo de la clave central.',
      notEd25519: 'El archivo no contiene una clave pública Ed25519.',
    },
  },
};

export const enTransmit: typeof esMXTransmit = {
  transmit: {
    error: {
      unknownLink: 'That link is not in the workstation configuration.',
      interrupted: 'Sending was interrupted (the workstation restarted). It will retry by itself.',
      connect: 'Could not connect to the central intake on this link. Using the other link.',
      timeout: 'The central intake did not answer in time on this link. Using the other link.',
      reset: 'The connection dropped while sending. It will retry on the available link.',
      tls: "The server's certificate is not the central intake's. Tell the supervisor.",
      too_large: 'The server answered with unexpected data. Using the other link.',
      aborted: 'Sending stopped to change links. It will retry right away.',
      server: 'The central intake has a temporary fault. It will retry.',
      notIntake:
        'What answers on this link is not the central intake (a login portal?). Using the other link.',
      receiptMalformed: 'The receipt came back incomplete. The acta stays pending and will retry.',
      receiptSignature: "The receipt does not carry the central intake's signature. The acta stays pending.",
      receiptMismatch: 'The receipt is not for this acta. The acta stays pending.',
      in_flight: 'The central intake is still processing this acta. It will retry.',
      busy: 'The central intake is busy and asked the station to wait. The acta stays queued and will be sent.',
      blobs_missing: 'The central intake lacks images. They will be sent again.',
      offset_mismatch: 'The image upload will resume where it stopped.',
      chunk_hash_mismatch: 'A piece arrived damaged. It will be sent again.',
      notEnrolled: 'This workstation is not enrolled at the central intake. The supervisor must enrol it.',
      purpose_mismatch:
        'The intake refused the acta: a training one never goes to a real intake, nor a real one to a training intake. Tell the supervisor.',
      bad_signature: "The central intake refused the workstation's signature. Tell the supervisor.",
      idempotency_conflict: 'The central intake holds another version of this acta. Tell the supervisor.',
      idempotency_mismatch:
        'The central intake refused the delivery: its delivery key does not match the signed one. Tell the supervisor.',
      acta_conflict: 'The central intake already has an acta with this key. The supervisor must review it.',
      blob_hash_mismatch: 'The image does not match its integrity code. The supervisor must review it.',
      imageMissing: "The acta's image is missing on this workstation. Tell the supervisor.",
      imageChanged: 'The image changed after it was verified. It must be scanned again.',
      bad_request: 'The central intake refused a malformed request. Tell the supervisor.',
      not_found: 'The central intake does not know the request. Check the software version.',
      internal: 'Internal error while sending; it was logged. It will retry later.',
      pinMismatch: "The server's key is not the one registered for the central intake. Tell the supervisor.",
      unauthenticated:
        "Something on this link removed the workstation's signature (a proxy?). Using the other link.",
      request_signature:
        "The central intake does not recognise this workstation's signature (a key other than the enrolled one?). Tell the supervisor.",
      stale_request:
        "The workstation's clock differs from the central intake's; it was measured again. It will retry.",
      replayed_request:
        'The central intake took the request for a repeat. It will retry with a fresh signature.',
      body_hash_mismatch: 'The request reached the central intake altered. It will retry.',
      partials_full:
        'The central intake holds too many unfinished uploads from this workstation. It will retry later.',
      stale_heartbeat: 'The central intake refused an out-of-date status report. A new one will be sent.',
    },
    link: {
      active: 'Sending over {{link}}',
      none: 'No link: actas wait in the queue. The supervisor can export them to USB.',
      switched: 'Link changed: from {{from}} to {{to}}',
      circuitOpen: 'Link {{link}} out of service; checked every second.',
    },
    queue: {
      pending: '{{count}} actas to send',
      dead: '{{count}} actas stopped: the supervisor must review them',
      requeue: 'Retry sending',
    },
  },
  outbox: {
    error: {
      invalid: "The acta's data is not valid for sending.",
      imageMissing: "The acta's image is missing.",
    },
  },
  media: {
    progress: { write: 'Copying {{done}} of {{total}}…', verify: 'Verifying {{done}} of {{total}}…' },
    done: '{{count}} actas exported to {{folder}}. Take the drive to the central intake.',
    error: {
      folderRequired: 'Type the USB drive folder.',
      folderNotAbsolute: 'Type the full path of the folder (for example /media/usb).',
      folderUnusable: 'Cannot write to that folder: check the drive is plugged in and not write-protected.',
      notEnrolled: 'The workstation lacks the central key: it cannot validate receipts.',
      nothingPending: 'There are no actas waiting to be sent.',
      write: 'Could not write to the USB drive. Try another one.',
      verify: 'The copy on the USB drive could not be verified. Try another one.',
      cancelled:
        'Export cancelled: nothing half-written was left on the drive and the actas are still pending.',
      busy: 'An export is already running. Wait for it to finish or cancel it.',
      noExport: 'No export is running.',
    },
    receipts: '{{count}} receipts applied from the USB drive.',
  },
  enrol: {
    error: {
      unreadable: 'Could not read the central key file.',
      notEd25519: 'The file does not hold an Ed25519 public key.',
    },
  },
};
