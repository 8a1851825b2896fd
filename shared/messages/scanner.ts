// Scanner messages: what happened and what the operator should do. es-MX.ts and en.ts spread
// these into the main catalogues; both objects must keep the same keys (a test checks it).
// `scanner.action.<state>` is the instruction shown beside each SCANNER_STATE in the status bar;
// `scanner.error.<code>` is what DeviceStatus.lastError and a failed ScanOutcome carry
// (optionally with ":detail" after the key, shown to the supervisor, never translated).
export const esMXScanner = {
  scanner: {
    action: {
      ready: 'Coloque las actas boca abajo en la bandeja y pulse Escanear.',
      scanning: 'Escaneando… no retire las hojas de la bandeja.',
      jammed:
        'Atasco de papel. Abra la tapa del alimentador, retire con cuidado la hoja atorada, alísela y vuelva a colocarla; luego pulse Escanear.',
      feeder_empty: 'La bandeja está vacía. Coloque las actas en la bandeja y pulse Escanear.',
      cover_open: 'La tapa del escáner está abierta. Ciérrela hasta que haga clic y pulse Escanear.',
      disconnected:
        'No hay comunicación con el escáner. Revise que esté encendido y que el cable USB o de red esté conectado; se reintenta solo.',
      error: 'El escáner reportó una falla. Apáguelo y enciéndalo; si sigue, avise al supervisor.',
    },
    error: {
      jammed: 'Se atoró una hoja en el alimentador.',
      feederEmpty: 'No hay hojas en la bandeja del alimentador.',
      coverOpen: 'La tapa del escáner está abierta.',
      disconnected: 'El escáner no responde o no está conectado.',
      io: 'Se perdió la comunicación con el escáner durante el escaneo (¿cable desconectado?). Revise las hojas ya escaneadas.',
      device: 'El escáner reportó una falla.',
      deviceBusy: 'Otro programa está usando el escáner. Ciérrelo o avise al supervisor.',
      accessDenied: 'La estación no tiene permiso para usar el escáner. Avise al supervisor.',
      cancelledByDevice: 'El escaneo se canceló desde el escáner.',
      saneMissing: 'Falta el programa de escaneo (SANE) en esta estación. Avise al supervisor.',
      timeout: 'El escáner dejó de responder a mitad del escaneo. Revise la bandeja y vuelva a intentar.',
      busy: 'Ya hay un escaneo en curso. Espere a que termine o cancélelo.',
      badOptions: 'La configuración de escaneo no es válida. Avise al supervisor.',
      badPage: 'El escáner entregó una imagen incompleta o dañada. Vuelva a escanear esa hoja.',
      badAnswer:
        'El escáner respondió algo que no se entiende. Apáguelo y enciéndalo; si sigue, avise al supervisor.',
      notAnImage:
        'En la carpeta del escáner apareció un archivo que no es una imagen; se apartó en «rechazados».',
      noPages:
        'No llegó ninguna hoja del escáner. Revise que el escáner esté guardando en la carpeta configurada.',
      folderMissing:
        'No se encuentra la carpeta donde el escáner guarda las hojas (¿unidad de red desconectada?).',
      unsupported: 'El escáner no admite esa opción (origen, resolución o formato). Avise al supervisor.',
    },
  },
};

export const enScanner: typeof esMXScanner = {
  scanner: {
    action: {
      ready: 'Place the actas face down in the feeder and press Scan.',
      scanning: 'Scanning… do not remove the sheets from the feeder.',
      jammed:
        'Paper jam. Open the feeder cover, carefully remove the stuck sheet, flatten it and put it back; then press Scan.',
      feeder_empty: 'The feeder is empty. Place the actas in the feeder and press Scan.',
      cover_open: 'The scanner cover is open. Close it until it clicks and press Scan.',
      disconnected:
        'No communication with the scanner. Check it is on and its USB or network cable is connected; retrying on its own.',
      error: 'The scanner reported a fault. Turn it off and on; if it persists, tell the supervisor.',
    },
    error: {
      jammed: 'A sheet is stuck in the feeder.',
      feederEmpty: 'There are no sheets in the feeder.',
      coverOpen: 'The scanner cover is open.',
      disconnected: 'The scanner does not answer or is not connected.',
      io: 'Communication with the scanner was lost mid-scan (cable unplugged?). Check the sheets already scanned.',
      device: 'The scanner reported a fault.',
      deviceBusy: 'Another program is using the scanner. Close it or tell the supervisor.',
      accessDenied: 'This workstation has no permission to use the scanner. Tell the supervisor.',
      cancelledByDevice: 'The scan was cancelled on the scanner.',
      saneMissing: 'The scanning program (SANE) is missing on this workstation. Tell the supervisor.',
      timeout: 'The scanner stopped answering mid-scan. Check the feeder and try again.',
      busy: 'A scan is already running. Wait for it to finish or cancel it.',
      badOptions: 'The scan settings are not valid. Tell the supervisor.',
      badPage: 'The scanner delivered an incomplete or damaged image. Scan that sheet again.',
      badAnswer:
        'The scanner answered something that cannot be understood. Turn it off and on; if it persists, tell the supervisor.',
      notAnImage:
        'A file that is not an image appeared in the scanner folder; it was set aside in "rechazados".',
      noPages: 'No sheet arrived from the scanner. Check the scanner is saving to the configured folder.',
      folderMissing:
        'The folder where the scanner saves sheets cannot be found (network drive disconnected?).',
      unsupported:
        'The scanner does not support that option (source, resolution or format). Tell the supervisor.',
    },
  },
};
