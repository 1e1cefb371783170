interface ProductImageProps {
  src: string;
  /** Empty when the product's title is right next to the image. */
  alt: string;
  size: number;
  className?: string;
  eager?: boolean;
}

export function ProductImage({ src, alt, size, className, eager = false }: ProductImageProps) {
  return (
    <img
      className={className ? `product-image ${className}` : 'product-image'}
      src={src}
      alt={alt}
      width={size}
      height={size}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
    />
  );
}
