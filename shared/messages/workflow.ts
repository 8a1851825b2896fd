// Texts of the acta workflow and the capture pipeline: what happened and what to do next.
// Keys: workflow.state.<state>, workflow.error.<code>, workflow.reason.<code>,
// workflow.rejection.<code>, workflow.resolution.<code>, capture.error.<code>, capture.progress.<event>.
// es-MX.ts and en.ts spread these into the main catalogues; both objects keep the same keys.

export const esMXWorkflow = {
  workflow: {
    state: {
      recibida: 'Recibida',
      digitalizada: 'Digitalizada',
      verificada: 'Verificada',
      en_cola: 'En cola',
      transmitida: 'Transmitida',
      acusada: 'Acuse recibido',
      rechazada: 'Rechazada — volver a escanear',
      en_conflicto: 'En conflicto — espera al supervisor',
      anulada: 'Anulada',
    },
    error: {
      illegalTransition: 'Esta acción no aplica a un acta en este estado. Revise el estado mostrado.',
      staleVersion:
        'Otra pantalla cambió esta acta hace un momento. Se actualizó; revise y repita la acción.',
      notFound: 'No se encontró el acta. Búsquela de nuevo en la cola.',
      pageNotFound: 'No se encontró esa página en el acta.',
      notSupervisor: 'Solo un supervisor puede hacer esto. Pida al supervisor que lo autorice.',
      reasonRequired: 'Escriba el motivo (al menos 3 caracteres); queda en la bitácora.',
      keyInvalid: 'La identificación del acta no es válida. Revise y vuelva a capturarla.',
      keyConfirmMissing: 'Capture la identificación por segunda vez para confirmarla.',
      keyMismatch: 'Las dos capturas de la identificación no coinciden. Captúrela de nuevo dos veces.',
      identificationRequired:
        'No se leyó el código QR de la imagen: capture la identificación del acta dos veces para verificarla.',
      identificationMismatch:
        'La identificación capturada no es la del acta recibida. Revise el acta; si es otra, avise al supervisor.',
      outOfCatalogueHeld: 'El acta está fuera de catálogo: espera la autorización del supervisor.',
      notOutOfCatalogue: 'El acta sí está en el catálogo; no necesita autorización.',
      notInConflict: 'El acta no está en conflicto.',
      pageNotRejected: 'Esa página no fue rechazada; no hay nada que aceptar.',
      pageSuperseded: 'Esa página ya fue reemplazada por un nuevo escaneo.',
      transmissionHeld: 'La transmisión de esta acta está retenida por el supervisor.',
      notHeld: 'La transmisión de esta acta no está retenida.',
      alreadyHeld: 'La transmisión de esta acta ya está retenida.',
      scanInProgress: 'Se está escaneando esta acta. Espere a que termine.',
      wrongActa: 'Esa acción es para otra acta.',
      catalogueInvalid: 'El catálogo tiene errores; revise las líneas señaladas y cárguelo de nuevo.',
    },
    reason: {
      identificationMismatch:
        'El código QR de la hoja es de otra acta — revise que sea la hoja correcta y vuelva a escanear, o avise al supervisor',
    },
    rejection: {
      pages: 'Una o más páginas no pasaron la revisión de calidad — vuelva a escanear',
    },
    resolution: {
      keep_existing: 'Conservar la existente (anular la nueva)',
      replace: 'Reemplazar con la nueva (anular la existente)',
      keep_both: 'Conservar ambas como registros distintos',
    },
    catalogue: {
      in: 'En catálogo',
      out: 'Fuera de catálogo — espera al supervisor',
      accepted: 'Fuera de catálogo — autorizada por el supervisor',
      unchecked: 'Sin catálogo cargado',
    },
  },
  capture: {
    error: {
      refused: 'No se puede escanear ahora.',
      storage:
        'No se pudo guardar la imagen en el disco. Avise al supervisor; las páginas ya guardadas se conservan.',
      internal: 'Falla interna al procesar la página; quedó registrada. Avise al supervisor.',
    },
    progress: {
      started: 'Escaneando…',
      pageReceived: 'Página {n} recibida',
      pageStored: 'Página {n} guardada',
      pageChecked: 'Página {n} revisada',
      finished: 'Escaneo terminado',
    },
  },
};

export const enWorkflow: typeof esMXWorkflow = {
  workflow: {
    state: {
      recibida: 'Received',
      digitalizada: 'Digitised',
      verificada: 'Verified',
      en_cola: 'Queued',
      transmitida: 'Sent',
      acusada: 'Acknowledged',
      rechazada: 'Rejected — scan again',
      en_conflicto: 'In conflict — waiting for the supervisor',
      anulada: 'Annulled',
    },
    error: {
      illegalTransition: 'This action does not apply to an acta in this state. Check the state shown.',
      staleVersion:
        'Another screen changed this acta a moment ago. It was refreshed; check and repeat the action.',
      notFound: 'The acta was not found. Look it up again in the queue.',
      pageNotFound: 'That page is not in this acta.',
      notSupervisor: 'Only a supervisor can do this. Ask the supervisor to authorise it.',
      reasonRequired: 'Type the reason (at least 3 characters); it goes into the audit log.',
      keyInvalid: 'The acta identification is not valid. Check it and enter it again.',
      keyConfirmMissing: 'Type the identification a second time to confirm it.',
      keyMismatch: 'The two entries of the identification differ. Type it again, twice.',
      identificationRequired:
        'The QR code could not be read from the image: type the acta identification twice to verify it.',
      identificationMismatch:
        'The identification typed is not the received acta’s. Check the acta; if it is another one, tell the supervisor.',
      outOfCatalogueHeld: 'The acta is outside the catalogue: it waits for the supervisor’s approval.',
      notOutOfCatalogue: 'The acta is in the catalogue; it needs no approval.',
      notInConflict: 'The acta is not in conflict.',
      pageNotRejected: 'That page was not rejected; there is nothing to accept.',
      pageSuperseded: 'That page was already replaced by a new scan.',
      transmissionHeld: 'The supervisor is holding this acta’s transmission.',
      notHeld: 'This acta’s transmission is not held.',
      alreadyHeld: 'This acta’s transmission is already held.',
      scanInProgress: 'This acta is being scanned. Wait until it finishes.',
      wrongActa: 'That action is for another acta.',
      catalogueInvalid: 'The catalogue has errors; fix the lines shown and load it again.',
    },
    reason: {
      identificationMismatch:
        'The sheet’s QR code belongs to another acta — check it is the right sheet and scan again, or tell the supervisor',
    },
    rejection: {
      pages: 'One or more pages failed the quality check — scan again',
    },
    resolution: {
      keep_existing: 'Keep the existing one (annul the new one)',
      replace: 'Replace with the new one (annul the existing one)',
      keep_both: 'Keep both as distinct records',
    },
    catalogue: {
      in: 'In the catalogue',
      out: 'Outside the catalogue — waiting for the supervisor',
      accepted: 'Outside the catalogue — approved by the supervisor',
      unchecked: 'No catalogue loaded',
    },
  },
  capture: {
    error: {
      refused: 'Scanning is not possible now.',
      storage: 'The image could not be saved to disk. Tell the supervisor; pages already saved are kept.',
      internal: 'Internal failure while processing the page; it was logged. Tell the supervisor.',
    },
    progress: {
      started: 'Scanning…',
      pageReceived: 'Page {n} received',
      pageStored: 'Page {n} saved',
      pageChecked: 'Page {n} checked',
      finished: 'Scan finished',
    },
  },
};
