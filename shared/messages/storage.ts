// Texts of the station's data folder (message keys under `storage.`): a full or read-only disk
// while storing a scan, the refusal of a new scan below the hard floor, and the status bar's
// warning. Spread into the main catalogues: `{ ...esMX, ...esMXStorage }`, `{ ...en, ...enStorage }`.
export const esMXStorage = {
  storage: {
    error: {
      diskFull:
        'Disco lleno: no se guardó la hoja. Avise al supervisor para liberar espacio; lo ya guardado está intacto.',
      readOnly:
        'El disco no permite escribir (solo lectura): no se guardó la hoja. Avise al supervisor; lo ya guardado está intacto.',
      io: 'Falla del disco al guardar: no se guardó la hoja. Avise al supervisor; lo ya guardado se conserva.',
      unavailable:
        'No se puede revisar la carpeta de datos de la estación. Avise al supervisor (disco desconectado o sin permisos).',
    },
    refuse: {
      spaceCritical:
        'Queda muy poco espacio en disco: no se inicia el escaneo. Avise al supervisor para liberar espacio; lo ya guardado está intacto.',
      readOnly:
        'El disco está en solo lectura: no se inicia el escaneo. Avise al supervisor; lo ya guardado está intacto.',
      unavailable:
        'No se puede escribir en la carpeta de datos: no se inicia el escaneo. Avise al supervisor.',
    },
    warning: {
      spaceLow:
        'Queda poco espacio en disco. Avise al supervisor para liberar espacio antes de que se detengan los escaneos.',
    },
  },
};

export const enStorage: typeof esMXStorage = {
  storage: {
    error: {
      diskFull:
        'Disk full: the sheet was not saved. Tell the supervisor to free space; what was already saved is intact.',
      readOnly:
        'The disk does not allow writing (read-only): the sheet was not saved. Tell the supervisor; what was already saved is intact.',
      io: 'Disk failure while saving: the sheet was not saved. Tell the supervisor; what was already saved is kept.',
      unavailable:
        "The station's data folder cannot be checked. Tell the supervisor (disk disconnected or no permission).",
    },
    refuse: {
      spaceCritical:
        'Very little disk space left: the scan does not start. Tell the supervisor to free space; what was already saved is intact.',
      readOnly:
        'The disk is read-only: the scan does not start. Tell the supervisor; what was already saved is intact.',
      unavailable: 'The data folder cannot be written: the scan does not start. Tell the supervisor.',
    },
    warning: {
      spaceLow: 'Disk space is running low. Tell the supervisor to free space before scanning stops.',
    },
  },
};
