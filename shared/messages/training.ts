// Messages of training mode (capacitación): the banner every screen shows, the console's switch
// and its refusals; spread into the main catalogues (es-MX.ts, en.ts).
export const esMXTraining = {
  training: {
    banner: 'CAPACITACIÓN — datos de práctica: nada de esta estación llega al acopio real',
    panel: {
      title: 'Capacitación',
      inTraining: 'La estación está en modo de capacitación (datos y acopio de práctica).',
      inProduction: 'La estación trabaja con actas reales.',
      trainingOnly: 'Esta estación está configurada solo para capacitación.',
      enter: 'Entrar a capacitación',
      leave: 'Volver a operación real',
      reason: 'Motivo (queda en la bitácora)',
      restarting: 'Reiniciando en el otro modo… abra el nuevo enlace e inicie sesión de nuevo.',
      report: 'Ver informe del entrenador',
      csv: 'Descargar CSV',
      pdf: 'Descargar PDF',
      print: 'Imprimir informe',
      save: 'Guardar resultados para comparar',
      saved: 'Resultados guardados',
      noReport: 'No hay informe: esta estación no ejecuta un escenario de capacitación.',
    },
    feedback: {
      blur: 'Esta hoja estaba borrosa: debió rechazarse y volver a escanearse con la hoja plana.',
      cutOff: 'Esta hoja salió cortada en el borde: debió rechazarse y volver a escanearse centrada.',
      fold: 'Esta hoja tenía la esquina doblada: debió rechazarse.',
      dark: 'Esta hoja salió demasiado oscura: debió rechazarse.',
      lowResolution: 'Esta hoja se escaneó con baja resolución: debió rechazarse (300 ppp).',
      qrDamaged: 'El QR de esta hoja estaba dañado: la clave debió capturarse dos veces a mano.',
      otherActaQr: 'Esta hoja llevaba el QR de otra acta: debió rechazarse y avisar al supervisor.',
      goodRejected: 'Esta hoja estaba bien: no era necesario volver a escanearla.',
      wrongKey: 'La clave capturada no es la del acta: compárela carácter por carácter con la etiqueta.',
      title: 'Ayuda de la lección',
    },
    timeUp:
      'Tiempo terminado: la sesión de capacitación llegó a su límite; ya no se reciben ni escanean actas.',
    clock: 'Minuto {{elapsed}} de {{limit}}',
    error: {
      already: 'La estación ya está en ese modo.',
      trainingOnly: 'Esta estación es solo de capacitación: no puede pasar a operación real.',
      busy: 'Hay un escaneo o envío en curso: espere a que termine para cambiar de modo.',
    },
  },
};

export const enTraining: typeof esMXTraining = {
  training: {
    banner: 'TRAINING — practice data: nothing from this workstation reaches the real intake',
    panel: {
      title: 'Training',
      inTraining: 'The workstation is in training mode (practice data and intake).',
      inProduction: 'The workstation works on real actas.',
      trainingOnly: 'This workstation is configured for training only.',
      enter: 'Enter training',
      leave: 'Back to real work',
      reason: 'Reason (kept in the audit log)',
      restarting: 'Restarting in the other mode… open the new link and sign in again.',
      report: "Show the trainer's report",
      csv: 'Download CSV',
      pdf: 'Download PDF',
      print: 'Print report',
      save: 'Save results to compare',
      saved: 'Results saved',
      noReport: 'No report: this workstation runs no training scenario.',
    },
    feedback: {
      blur: 'This sheet was blurred: it should have been rejected and rescanned flat.',
      cutOff: 'This sheet was cut off at the edge: it should have been rejected and rescanned centred.',
      fold: 'This sheet had a folded corner: it should have been rejected.',
      dark: 'This sheet came out too dark: it should have been rejected.',
      lowResolution: 'This sheet was scanned at low resolution: it should have been rejected (300 dpi).',
      qrDamaged: "This sheet's QR was damaged: the key should have been typed twice.",
      otherActaQr:
        "This sheet carried another acta's QR: it should have been rejected and the supervisor told.",
      goodRejected: 'This sheet was fine: it did not need a rescan.',
      wrongKey: "The key entered is not the acta's: compare it character by character with the label.",
      title: 'Lesson help',
    },
    timeUp: 'Time is up: the training session reached its limit; no more actas are received or scanned.',
    clock: 'Minute {{elapsed}} of {{limit}}',
    error: {
      already: 'The workstation is already in that mode.',
      trainingOnly: 'This workstation is training-only: it cannot switch to real work.',
      busy: 'A scan or upload is in progress: wait for it to end before switching.',
    },
  },
};
