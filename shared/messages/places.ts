// Messages of the place picker: the drives and folders the supervisor may export to or load a
// catalogue from (never a typed path), spread into the main catalogues (es-MX.ts, en.ts).
export const esMXPlaces = {
  places: {
    label: 'Unidad o carpeta',
    none: 'No hay ninguna unidad extraíble conectada. Conecte la memoria USB y pulse «Actualizar».',
    refresh: 'Actualizar',
    file: 'Archivo en la unidad',
    kind: {
      removable: 'Unidad extraíble',
      configured: 'Carpeta autorizada',
      station: 'Carpeta de exportación de la estación',
    },
  },
};

export const enPlaces: typeof esMXPlaces = {
  places: {
    label: 'Drive or folder',
    none: 'No removable drive is plugged in. Plug in the USB stick and press “Refresh”.',
    refresh: 'Refresh',
    file: 'File on the drive',
    kind: {
      removable: 'Removable drive',
      configured: 'Authorised folder',
      station: 'Station export folder',
    },
  },
};
