// Texts of the quality gate and identification: what happened and what the operator does next.
// Keys: quality.reason.<code>, quality.error.<code>, quality.identify.<code>, catalogue.error.<code>.

export const esMXQuality = {
  quality: {
    reason: {
      blank: 'Página en blanco — coloque el acta con la cara impresa hacia el cristal y vuelva a escanear',
      notActa:
        'No parece un acta (sin código QR ni tabla de resultados) — revise que sea el documento correcto',
      tooDark: 'Imagen demasiado oscura — revise la tapa del escáner y vuelva a escanear',
      overexposed: 'Imagen deslavada (sobreexpuesta) — baje el brillo del escáner y vuelva a escanear',
      lowContrast: 'Contraste bajo — revise el brillo y el contraste del escáner y vuelva a escanear',
      blur: 'Imagen borrosa — mantenga la hoja plana y vuelva a escanear',
      motionBlur:
        'Imagen corrida (la hoja se movió) — sujete la hoja o use el alimentador y vuelva a escanear',
      lowResolution: 'Resolución insuficiente — configure el escáner a 300 ppp y vuelva a escanear',
      lowEffectiveResolution:
        'La imagen fue ampliada desde una resolución menor (el detalle no es de 300 ppp) — configure el escáner a 300 ppp reales, sin ampliar, y vuelva a escanear',
      compression: 'Compresión excesiva — guarde en PNG o JPEG de calidad alta y vuelva a escanear',
      skew: 'Hoja torcida — enderece la hoja en el alimentador (o alinéela con la guía) y vuelva a escanear',
      slightSkew:
        'Hoja ligeramente inclinada — se acepta; para las siguientes, enderece la hoja en el alimentador',
      cutOffTop: 'Cortada en el borde superior — centre la hoja y vuelva a escanear',
      cutOffBottom: 'Cortada en el borde inferior — centre la hoja y vuelva a escanear',
      cutOffLeft: 'Cortada en el borde izquierdo — centre la hoja y vuelva a escanear',
      cutOffRight: 'Cortada en el borde derecho — centre la hoja y vuelva a escanear',
      foldedCorner: 'Esquina doblada que tapa contenido — desdoble la esquina y vuelva a escanear',
      foldedCornerSmall: 'Esquina doblada — no tapa contenido, pero conviene desdoblarla',
      qrUnreadable: 'No se pudo leer el código QR — capture la identificación del acta dos veces',
      qrInvalidKey: 'El código QR no contiene una clave de acta válida — capture la identificación dos veces',
    },
    error: {
      empty: 'El archivo está vacío — vuelva a escanear',
      tooLarge: 'El archivo es demasiado grande — revise la configuración del escáner',
      notImage: 'El archivo no es una imagen — vuelva a escanear',
      unsupported: 'Formato de imagen no admitido — use PNG, JPEG o TIFF',
      truncated: 'La imagen está incompleta o dañada — vuelva a escanear',
      tooManyPixels: 'La imagen tiene demasiados píxeles — configure el escáner a 300 ppp, tamaño carta',
      multiPage:
        'El archivo trae varias páginas o es animado — configure el escáner para guardar una página por archivo y vuelva a escanear',
      unreadable:
        'No se pudo leer el archivo — revise que siga en su lugar y que se tenga permiso de lectura',
      internal: 'Falla interna al revisar la imagen — quedó registrada; avise al supervisor',
    },
    identify: {
      qrUnreadable: 'Sin código QR legible — capture la identificación dos veces',
    },
  },
  catalogue: {
    error: {
      empty: 'El catálogo está vacío',
      header: 'Encabezado incorrecto: se esperaba entidad,distrito,seccion,tipo,numero[,eleccion]',
      columns: 'Número de columnas incorrecto',
      entidad: 'Entidad inválida (01 a 32)',
      distrito: 'Distrito inválido',
      seccion: 'Sección inválida (4 dígitos)',
      tipo: 'Tipo de casilla inválido (B, C, E o S)',
      numero: 'Número de casilla inválido',
      eleccion: 'Elección inválida',
      duplicate: 'Casilla repetida en el catálogo',
    },
    outOfCatalogue:
      'Fuera de catálogo — la casilla no está entre las esperadas en este CATD; avise al supervisor',
  },
};

export type QualityMessages = typeof esMXQuality;

export const enQuality: QualityMessages = {
  quality: {
    reason: {
      blank: 'Blank page — place the acta printed side to the glass and scan again',
      notActa: 'Does not look like an acta (no QR code, no results table) — check it is the right document',
      tooDark: 'Image too dark — check the scanner lid and scan again',
      overexposed: 'Image washed out (overexposed) — lower the scanner brightness and scan again',
      lowContrast: 'Low contrast — check the scanner brightness and contrast and scan again',
      blur: 'Blurred image — keep the sheet flat and scan again',
      motionBlur: 'Smeared image (the sheet moved) — hold the sheet or use the feeder and scan again',
      lowResolution: 'Resolution too low — set the scanner to 300 dpi and scan again',
      lowEffectiveResolution:
        'The image was enlarged from a lower resolution (its detail is not 300 dpi) — set the scanner to a true 300 dpi, without enlarging, and scan again',
      compression: 'Too much compression — save as PNG or high-quality JPEG and scan again',
      skew: 'Sheet skewed — straighten the sheet in the feeder (or align it with the guide) and scan again',
      slightSkew: 'Sheet slightly tilted — accepted; for the next ones, straighten the sheet in the feeder',
      cutOffTop: 'Cut off at the top edge — centre the sheet and scan again',
      cutOffBottom: 'Cut off at the bottom edge — centre the sheet and scan again',
      cutOffLeft: 'Cut off at the left edge — centre the sheet and scan again',
      cutOffRight: 'Cut off at the right edge — centre the sheet and scan again',
      foldedCorner: 'Folded corner covers content — unfold the corner and scan again',
      foldedCornerSmall: 'Folded corner — it covers no content, but better unfold it',
      qrUnreadable: 'The QR code could not be read — type the acta identification twice',
      qrInvalidKey: 'The QR code holds no valid acta key — type the acta identification twice',
    },
    error: {
      empty: 'The file is empty — scan again',
      tooLarge: 'The file is too large — check the scanner settings',
      notImage: 'The file is not an image — scan again',
      unsupported: 'Image format not supported — use PNG, JPEG or TIFF',
      truncated: 'The image is incomplete or damaged — scan again',
      tooManyPixels: 'The image has too many pixels — set the scanner to 300 dpi, letter size',
      multiPage:
        'The file holds several pages or is animated — set the scanner to save one page per file and scan again',
      unreadable: 'The file could not be read — check it is still there and can be read',
      internal: 'Internal failure checking the image — it was logged; tell the supervisor',
    },
    identify: {
      qrUnreadable: 'No readable QR code — type the identification twice',
    },
  },
  catalogue: {
    error: {
      empty: 'The catalogue is empty',
      header: 'Wrong header: expected entidad,distrito,seccion,tipo,numero[,eleccion]',
      columns: 'Wrong number of columns',
      entidad: 'Invalid entidad (01 to 32)',
      distrito: 'Invalid distrito',
      seccion: 'Invalid sección (4 digits)',
      tipo: 'Invalid casilla type (B, C, E or S)',
      numero: 'Invalid casilla number',
      eleccion: 'Invalid election',
      duplicate: 'Casilla repeated in the catalogue',
    },
    outOfCatalogue: 'Out of catalogue — this casilla is not expected at this CATD; tell the supervisor',
  },
};
